"""CLI: findings of ``archscribe check`` as text or JSON."""

from __future__ import annotations

import json

from archscribe.app.usecases import CheckOutcome


def findings_text(outcome: CheckOutcome, *, verbose: bool, quiet: bool) -> str:
    """``path:line: severity: message`` lines, then a one-line summary."""
    errors = [f for f in outcome.findings if f.severity == "error"]
    notes = [f for f in outcome.findings if f.severity != "error"]
    lines = []
    for finding in outcome.findings:
        if finding.severity != "error" and not verbose:
            continue
        where = finding.evidence.cite()
        lines.append(f"{where}: {finding.severity}: {finding.message} [{finding.rule}]")
        if finding.hint and verbose:
            lines.append(f"  hint: {finding.hint}")
    if errors:
        lines.append(
            f"{outcome.document}: {len(errors)} {'problem' if len(errors) == 1 else 'problems'}; "
            "run `archscribe write` to bring the "
            "generated parts up to date, and fill what remains by hand"
        )
    elif not quiet:
        lines.append(f"{outcome.document}: up to date with the code")
    if notes and not verbose and not quiet:
        lines.append(
            f"  ({len(notes)} fields still hold archscribe's hints; --verbose lists them)"
        )
    return "\n".join(lines) + ("\n" if lines else "")


def findings_json(outcome: CheckOutcome) -> str:
    """The findings as a JSON document for tools."""
    payload = {
        "document": outcome.document,
        "ok": not any(f.severity == "error" for f in outcome.findings),
        "findings": [
            {
                "rule": f.rule,
                "severity": str(f.severity),
                "message": f.message,
                "path": f.evidence.path,
                "line": f.evidence.line,
                "hint": f.hint,
            }
            for f in outcome.findings
        ],
    }
    return json.dumps(payload, indent=2, sort_keys=True) + "\n"
