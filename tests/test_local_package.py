"""The local SageMaker ships as `pulumi_sagemaker_local`, behind the `testing` extra that brings moto."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def python(code: str) -> subprocess.CompletedProcess[str]:
    """Run `code` in a fresh interpreter (imports are per process), capturing its output."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=60
    )


def test_importing_the_provider_never_imports_moto() -> None:
    result = python(
        """
        import sys
        import pulumi_sagemaker
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("moto", "pulumi_sagemaker_local"))
        print(loaded)
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_testing_kit_without_moto_names_the_extra_to_install() -> None:
    # None in sys.modules makes `import moto` fail as it does where moto is not installed.
    result = python(
        """
        import sys
        sys.modules["moto"] = None
        try:
            import pulumi_sagemaker.testing
        except ImportError as exc:
            print(exc)
        else:
            print("imported")
        """
    )
    assert result.returncode == 0, result.stderr
    assert "pip install 'pulumi-sagemaker[testing]'" in result.stdout
    assert "moto" in result.stdout


def test_the_rig_and_the_former_path_export_the_emulator() -> None:
    import pulumi_sagemaker.testing as rig
    import pulumi_sagemaker.testing.local as former
    import pulumi_sagemaker_local as emulator

    assert rig.LocalSageMaker is emulator.LocalSageMaker is former.LocalSageMaker
    assert rig.Timings is emulator.Timings is former.Timings
    assert former.Call is emulator.Call


def test_the_emulator_imports_nothing_from_the_provider() -> None:
    result = python(
        """
        import sys
        import pulumi_sagemaker_local
        print(sorted(m for m in sys.modules if m.split(".")[0] == "pulumi_sagemaker"))
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
