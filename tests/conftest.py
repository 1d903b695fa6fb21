"""Shared test helpers: paths to fixture files."""

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixtures() -> Path:
    """The tests/fixtures directory."""
    return FIXTURES
