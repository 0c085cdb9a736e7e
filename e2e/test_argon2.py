"""Cognate's Argon2id (Swift) against the reference C implementation (argon2-cffi) on random inputs."""

from __future__ import annotations

import json
import random
import subprocess

from argon2.low_level import Type, hash_secret_raw

from cognate_e2e import cognate_binary


def random_cases(seed: int, count: int) -> list[dict]:
    rng = random.Random(seed)
    cases = []
    for index in range(count):
        p = rng.randint(1, 4)
        default = index % 10 == 9
        cases.append({
            "password": rng.randbytes(rng.randint(0, 64)).hex(),
            "salt": rng.randbytes(rng.randint(8, 32)).hex(),
            "m": 19456 if default else rng.randint(8 * p, 256),
            "t": 2 if default else rng.randint(1, 3),
            "p": 1 if default else p,
            "len": 32 if default else rng.randint(4, 128),
        })
    return cases


def test_matches_argon2_cffi_on_random_inputs():
    cases = random_cases(seed=20261128, count=30)
    result = subprocess.run(
        [str(cognate_binary()), "argon2"], input=json.dumps(cases), capture_output=True, text=True, timeout=300, check=True
    )
    ours = result.stdout.split()
    assert len(ours) == len(cases)
    for case, tag in zip(cases, ours):
        reference = hash_secret_raw(
            secret=bytes.fromhex(case["password"]), salt=bytes.fromhex(case["salt"]), time_cost=case["t"],
            memory_cost=case["m"], parallelism=case["p"], hash_len=case["len"], type=Type.ID,
        ).hex()
        assert tag == reference, f"Argon2id differs from argon2-cffi for {case}"
