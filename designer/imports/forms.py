"""The upload-or-paste form of the import page."""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError

from designer.schemas.importers.typescript import MAX_FILE_BYTES

SUFFIXES = (".ts", ".json")


class ImportForm(forms.Form):
    file = forms.FileField(
        required=False,
        help_text="A Convex schema.ts file or a project .json file, at most 2 MB.",
    )
    text = forms.CharField(
        required=False,
        strip=False,
        label="Or paste the file",
        widget=forms.Textarea(attrs={"rows": 16, "spellcheck": "false"}),
    )
    name = forms.CharField(
        required=False,
        max_length=200,
        help_text="The new project's name; by default one made from the file "
        "name, or the name a project file holds.",
    )

    error_messages = {
        "no_source": "Upload a file or paste its text.",
        "two_sources": "Upload a file or paste its text, not both.",
        "suffix": "The file {name!r} is not a .ts or .json file.",
        "too_large": "The file is {size:.1f} MB, but the maximum is {limit} MB.",
        "too_large_paste": (
            "The pasted text is about {size:.1f} MB, but the maximum is {limit} MB."
        ),
        "not_utf8": "The file is not UTF-8 text: {error}.",
    }

    def clean(self) -> dict:
        data = super().clean()
        upload, text = data.get("file"), data.get("text", "")
        if upload and text.strip():
            raise self._error("two_sources")
        if upload:
            data["text"], data["file_name"] = self._read(upload), upload.name
        elif text.strip():
            data["file_name"] = ""
            # A paste over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB unless set)
            # never gets here: the view handles it with too_large_paste_message.
            if len(text.encode("utf-8")) > MAX_FILE_BYTES:
                raise self._error("too_large", size=len(text.encode()) / 2**20)
        else:
            raise self._error("no_source")
        return data

    def _read(self, upload) -> str:
        if PurePath(upload.name).suffix.lower() not in SUFFIXES:
            raise self._error("suffix", name=upload.name)
        # Checked before reading, so a huge upload is never held in memory.
        if upload.size > MAX_FILE_BYTES:
            raise self._error("too_large", size=upload.size / 2**20)
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise self._error("not_utf8", error=error.reason) from None

    def _error(self, code: str, **params) -> ValidationError:
        message = self.error_messages[code].format(limit=MAX_FILE_BYTES >> 20, **params)
        return ValidationError(message, code=code)


def too_large_paste_message(request_bytes: int) -> str:
    """Say that a paste is too large, from the size of the whole request."""
    return ImportForm.error_messages["too_large_paste"].format(
        size=request_bytes / 2**20, limit=MAX_FILE_BYTES >> 20
    )
