#!/usr/bin/env python
"""Audits requirements.lock for known vulnerabilities with pip-audit, in PyPI's data.

Any known vulnerability fails, always. A package the service could not be asked about is
listed; when the service could be asked about none of them (a network that reaches the
package index but not its vulnerability data), the audit says loudly that it did not run,
and fails only with ``--strict`` (``AUDIT_STRICT=1`` in make), so a machine without that
access can still run the rest of CI."""

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIP_AUDIT = Path(sys.executable).with_name("pip-audit")


def audit(report: dict, *, strict: bool) -> tuple[int, list[str]]:
    """The exit code and the lines to print for a pip-audit JSON report."""
    dependencies = report.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    lines = []
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
            lines.append(
                f"VULNERABLE {dependency['name']} {dependency.get('version', '')}: "
                f"{vuln['id']} (fixed in {fixed})"
            )
    if vulnerable:
        lines.append(f"{len(vulnerable)} pinned package(s) with known vulnerabilities.")
        return 1, lines
    if dependencies and len(skipped) == len(dependencies):
        lines.append(
            "!! THE AUDIT DID NOT RUN: the vulnerability service answered for none of the "
            f"{len(dependencies)} pinned packages (no access to its data from this network)."
        )
        return (1 if strict else 0), lines
    for dependency in skipped:
        lines.append(f"NOT AUDITED {dependency['name']}: {dependency['skip_reason']}")
    audited = len(dependencies) - len(skipped)
    lines.append(f"No known vulnerabilities in {audited} audited package(s).")
    return (1 if strict and skipped else 0), lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requirement", default=str(ROOT / "requirements.lock"))
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args(argv)
    command = [
        str(PIP_AUDIT),
        "--requirement",
        args.requirement,
        # The lock pins every package, dependencies included: each is looked up as pinned.
        "--no-deps",
        "--disable-pip",
        "--vulnerability-service",
        "pypi",
        "--progress-spinner",
        "off",
        "--format",
        "json",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print(result.stdout, result.stderr, sep="\n", file=sys.stderr)
        print("pip-audit did not produce a report.", file=sys.stderr)
        return 2
    code, lines = audit(report, strict=args.strict)
    print("\n".join(lines), flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
