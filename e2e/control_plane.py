"""Helpers shared by the control-plane test modules (app clients, domains and UI customization,
groups, resource servers, identity providers, pool settings): expected errors, fresh pools,
pagination, concurrent calls and small image files."""

from __future__ import annotations

import datetime
import random
import struct
import threading
import uuid
import zlib
from contextlib import contextmanager
from typing import Any, Callable, Iterator

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

# Well-formed ids of pools that do not exist.
UNKNOWN_POOL = "us-east-1_AAAAAAAAA"
UNKNOWN_POOL_MESSAGE = f"User pool {UNKNOWN_POOL} does not exist."


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def new_pool(cognito, **kwargs) -> str:
    """A fresh user pool; returns its id."""
    kwargs.setdefault("PoolName", unique("pool"))
    return cognito.create_user_pool(**kwargs)["UserPool"]["Id"]


@contextmanager
def raises(code: str, message: str | None = None) -> Iterator[Any]:
    """The block raises a ClientError with error code `code` (HTTP 400); `message`, when given, must
    be part of the error message. Yields pytest's ExceptionInfo."""
    with pytest.raises(ClientError) as excinfo:
        yield excinfo
    response = excinfo.value.response
    error = response["Error"]
    assert error["Code"] == code, f"expected {code}, got {error['Code']}: {error.get('Message')!r}"
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400, response["ResponseMetadata"]
    assert error.get("Message"), f"{code} without a message"
    if message is not None:
        assert message in error["Message"], f"{error['Message']!r} does not contain {message!r}"


def assert_unknown_pool(call: Callable, **kwargs) -> None:
    """`call` on a pool that does not exist is ResourceNotFoundException naming the pool."""
    with raises("ResourceNotFoundException", UNKNOWN_POOL_MESSAGE):
        call(UserPoolId=UNKNOWN_POOL, **kwargs)


def assert_recent(value, what: str = "timestamp") -> None:
    assert isinstance(value, datetime.datetime), f"{what} is {value!r}, not a timestamp"
    now = datetime.datetime.now(datetime.timezone.utc)
    assert abs((now - value).total_seconds()) < 300, f"{what} {value} is not close to now {now}"


def strip_metadata(response: dict) -> dict:
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def unvalidated_client(server):
    """A boto3 client that sends what it is given: the server must validate."""
    return server.client(config=Config(retries={"max_attempts": 1}, parameter_validation=False))


def collect_pages(call: Callable, items: str, *, size: int, size_param: str = "MaxResults",
                  max_pages: int = 100, **kwargs) -> tuple[list, int]:
    """Follows NextToken from the first page to the last with page size `size`; returns all items
    and the number of pages. Every page holds at most `size` items."""
    collected: list = []
    token = None
    pages = 0
    while True:
        params = {size_param: size, **kwargs}
        if token:
            params["NextToken"] = token
        page = call(**params)
        pages += 1
        assert len(page[items]) <= size, f"page {pages} has {len(page[items])} items, more than {size}"
        collected.extend(page[items])
        token = page.get("NextToken")
        if not token:
            return collected, pages
        assert pages < max_pages, "pagination does not end"


def assert_paginates(call: Callable, items: str, key: str, expected: set, *, size: int,
                     size_param: str = "MaxResults", **kwargs) -> list:
    """Listing `size` at a time (with more items than one page) returns each of `expected` exactly once
    (by `key`) and nothing else, over more than one page. Returns the items."""
    assert len(expected) > size, "the test needs more items than one page"
    listed, pages = collect_pages(call, items, size=size, size_param=size_param, **kwargs)
    keys = [item[key] for item in listed]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    assert not duplicates, f"listed more than once: {duplicates}"
    assert set(keys) == expected, f"missing {expected - set(keys)}, unexpected {set(keys) - expected}"
    minimum = -(-len(expected) // size)
    assert minimum <= pages <= minimum + 1, f"{len(expected)} items by {size} took {pages} pages"
    return listed


def run_concurrently(calls: list[Callable[[], Any]]) -> list[tuple[str, Any]]:
    """Runs the calls at the same moment, one thread each; returns ("ok", result) or ("error", code)
    per call, in order. Anything other than a ClientError is re-raised."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[tuple[str, Any] | None] = [None] * len(calls)
    failures: list[BaseException] = []

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes[index] = ("ok", call())
        except ClientError as error:
            outcomes[index] = ("error", error.response["Error"]["Code"])
        except BaseException as error:  # reported in the main thread
            failures.append(error)

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a concurrent call did not return"
    if failures:
        raise failures[0]
    return [outcome for outcome in outcomes if outcome is not None]


# --- image files for UI customization --------------------------------------------------------------


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int = 1, height: int = 1, *, noise: bool = False) -> bytes:
    """A valid RGB PNG; `noise` fills it with (reproducible) random pixels, which do not compress."""
    rng = random.Random(width * 7919 + height)
    rows = b"".join(
        b"\x00" + (rng.randbytes(width * 3) if noise else b"\x80\x40\x20" * width) for _ in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(rows, 9))
        + _png_chunk(b"IEND", b"")
    )


def jpeg() -> bytes:
    """A valid 8x8 grey baseline JPEG (one DC and one AC Huffman code)."""
    segments = [
        b"\xff\xd8",  # SOI
        b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00",  # APP0
        b"\xff\xdb\x00\x43\x00" + b"\x01" * 64,  # DQT
        b"\xff\xc0\x00\x0b\x08\x00\x08\x00\x08\x01\x01\x11\x00",  # SOF0: 8x8, one component
        b"\xff\xc4\x00\x14\x00" + b"\x01" + b"\x00" * 15 + b"\x00",  # DHT DC 0: one code -> category 0
        b"\xff\xc4\x00\x14\x10" + b"\x01" + b"\x00" * 15 + b"\x00",  # DHT AC 0: one code -> EOB
        b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00",  # SOS
        b"\x3f",  # DC diff 0, EOB, padding
        b"\xff\xd9",  # EOI
    ]
    return b"".join(segments)


GIF = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)
