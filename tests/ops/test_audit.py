"""The dependency audit's verdict on pip-audit's report: any vulnerability fails; a service
that answered for nothing is said loudly, and fails when strict."""

import pytest

from tests.scripts import load_script


@pytest.fixture(scope="module")
def audit():
    return load_script("audit").audit


CLEAN = {"name": "django", "version": "5.2.19", "vulns": []}
VULNERABLE = {
    "name": "redis",
    "version": "4.5.3",
    "vulns": [{"id": "PYSEC-2023-46", "fix_versions": ["4.5.4"], "description": "..."}],
}


def skipped(name):
    return {"name": name, "skip_reason": f"Dependency not found on PyPI: {name}"}


@pytest.mark.parametrize("strict", [False, True])
def test_a_known_vulnerability_fails_whatever_else(audit, strict):
    code, lines = audit({"dependencies": [CLEAN, VULNERABLE, skipped("x")]}, strict=strict)
    assert code == 1
    assert any("PYSEC-2023-46" in line and "4.5.4" in line for line in lines)


def test_clean_packages_pass(audit):
    code, lines = audit({"dependencies": [CLEAN, {**CLEAN, "name": "wagtail"}]}, strict=True)
    assert code == 0
    assert lines[-1] == "No known vulnerabilities in 2 audited package(s)."


def test_a_service_that_answered_for_nothing_says_the_audit_did_not_run(audit):
    report = {"dependencies": [skipped("django"), skipped("wagtail")]}
    code, lines = audit(report, strict=False)
    assert code == 0
    assert "THE AUDIT DID NOT RUN" in lines[-1]
    assert audit(report, strict=True)[0] == 1


def test_a_package_that_could_not_be_looked_up_is_named(audit):
    code, lines = audit({"dependencies": [CLEAN, skipped("private-pkg")]}, strict=False)
    assert code == 0
    assert any(line.startswith("NOT AUDITED private-pkg") for line in lines)
    assert audit({"dependencies": [CLEAN, skipped("private-pkg")]}, strict=True)[0] == 1
