// Print the column width Prettier gives each code point, as the ranges whose
// width is not 1: a JSON array of [first, last, width].
//
// designer/schemas/exporters/widths.py contains the same table. A test
// compares the two, so it fails when a new pinned Prettier counts otherwise.
import { util } from "prettier";

const ranges = [];
let current = null;
for (let codePoint = 0; codePoint <= 0x10ffff; codePoint++) {
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) continue;
  const width = util.getStringWidth(String.fromCodePoint(codePoint));
  const extends_ = current && current[2] === width && current[1] === codePoint - 1;
  if (extends_) {
    current[1] = codePoint;
  } else {
    current = [codePoint, codePoint, width];
    ranges.push(current);
  }
}
process.stdout.write(JSON.stringify(ranges.filter((range) => range[2] !== 1)));
