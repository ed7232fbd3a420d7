"""Shared fixtures of the Python package tests: the repository root and the TypeScript CLI's DDL output."""
import json
import pathlib
import subprocess

import pytest


def pytest_addoption(parser):
    parser.addoption(
        "--repo-root",
        default=str(pathlib.Path(__file__).resolve().parent.parent),
        help="root of the cdk-qldb-aurora-migration repository (default: the parent of test-python/)",
    )


@pytest.fixture(scope="session")
def repo_root(request) -> pathlib.Path:
    root = pathlib.Path(request.config.getoption("--repo-root")).resolve()
    assert (root / "package.json").is_file(), f"--repo-root {root} has no package.json"
    return root


@pytest.fixture(scope="session")
def dmv_mapping_file(repo_root) -> pathlib.Path:
    path = repo_root / "examples" / "dmv" / "mapping.json"
    assert path.is_file(), f"missing DMV mapping file {path}"
    return path


@pytest.fixture(scope="session")
def cli_ddl(repo_root):
    """Runs `node bin/qldb-migrate ddl --mapping FILE --json [extra args]` and returns its statements."""

    def run(mapping_file: pathlib.Path, *extra_args: str) -> list:
        command = ["node", "bin/qldb-migrate", "ddl", "--mapping", str(mapping_file), "--json", *extra_args]
        result = subprocess.run(command, cwd=repo_root, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, (
            f"{' '.join(command)} exited with {result.returncode} in {repo_root}:\n{result.stderr}"
        )
        try:
            statements = json.loads(result.stdout)["statements"]
        except (ValueError, KeyError) as e:
            raise AssertionError(f"{' '.join(command)} did not print {{\"statements\": [...]}}: {result.stdout!r}") from e
        assert isinstance(statements, list) and statements, f"{' '.join(command)} printed no statements"
        return statements

    return run
