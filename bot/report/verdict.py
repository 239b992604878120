"""The verdict a review shows: one per entry, and the PR's (the worst of its entries')."""

from __future__ import annotations

from bot.review import EntryReview, Review

VERDICT_ORDER = ["invalid", "fail", "incomplete", "needs-work", "passed"]


def overall_verdict(review: Review) -> str:
    verdicts = [item.verdict.verdict for item in review.entries if item.verdict]
    if review.file_problems or any(not item.entry.is_valid for item in review.entries):
        verdicts.append("invalid")
    if not verdicts:
        return "passed"
    return min(verdicts, key=VERDICT_ORDER.index)


def entry_verdict(item: EntryReview) -> str:
    if not item.entry.is_valid:
        return "invalid"
    return item.verdict.verdict if item.verdict else "incomplete"
