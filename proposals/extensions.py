"""What another app adds to the proposals without the proposals knowing it. The shared
services (offers on a proposal, the service it becomes) register here in their ``ready()``:
blocks of the proposal's page and of "my proposals", what follows a proposal that closes
without a service, the hourly work that rides on the proposals' schedule. With nothing
registered, the proposals work on their own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Block:
    """A template included in a proposals page, with what it adds to the page's context
    (``context(request, subject)``: the proposal on its page, ``None`` on "my proposals")."""

    template: str
    context: Callable[[Any, Any], dict] | None = None


_detail_blocks: list[Block] = []
_mine_blocks: list[Block] = []
_on_closed: list[Callable[[Any], None]] = []
_hourly: dict[str, Callable[[], int]] = {}


def add_detail_block(*, template: str, context: Callable[[Any, Any], dict] | None = None) -> None:
    _detail_blocks.append(Block(template=template, context=context))


def add_mine_block(*, template: str, context: Callable[[Any, Any], dict] | None = None) -> None:
    _mine_blocks.append(Block(template=template, context=context))


def on_closed(callback: Callable[[Any], None]) -> None:
    """``callback(proposal)`` runs in the transaction that withdraws or rejects a proposal."""
    _on_closed.append(callback)


def add_hourly(key: str, task: Callable[[], int]) -> None:
    """``task()`` runs with the proposals' hourly expiry; its count is reported under ``key``."""
    _hourly[key] = task


def _blocks(blocks: list[Block], request, subject) -> tuple[list[str], dict]:
    context: dict = {}
    for block in blocks:
        if block.context is not None:
            context.update(block.context(request, subject))
    return [block.template for block in blocks], context


def detail_blocks(request, proposal) -> tuple[list[str], dict]:
    return _blocks(_detail_blocks, request, proposal)


def mine_blocks(request) -> tuple[list[str], dict]:
    return _blocks(_mine_blocks, request, None)


def closed(proposal) -> None:
    for callback in _on_closed:
        callback(proposal)


def run_hourly() -> dict[str, int]:
    return {key: task() for key, task in _hourly.items()}
