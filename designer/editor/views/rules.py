"""The rule catalogue page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from designer.schemas.rules import iter_rules


@require_GET
def rule_catalogue(request: HttpRequest) -> HttpResponse:
    """List every rule, filtered by the query's text, severity and source."""
    query = {k: request.GET.get(k, "").strip() for k in ("q", "severity", "source")}
    rules = list(iter_rules())
    matching = [rule for rule in rules if _matches(rule, query)]
    context = {
        "rules": matching,
        "total": len(rules),
        "query": query,
        "sources": sorted({str(r.source) for r in rules}),
    }
    template = "editor/rule_catalogue.html"
    if request.htmx:
        template += "#rules"
    return render(request, template, context)


def _matches(rule, query: dict[str, str]) -> bool:
    text = query["q"].lower()
    haystack = f"{rule.code} {rule.title} {rule.explanation()}".lower()
    return (
        (not text or text in haystack)
        and (not query["severity"] or str(rule.severity) == query["severity"])
        and (not query["source"] or str(rule.source) == query["source"])
    )
