"""A tiny dynamic provider used only to test the rig in `pulumi_sagemaker.testing`.

It lives in an importable package (not in a test module) so that dill pickles the provider class by
reference (as `tests.rig_support.echo.EchoProvider`), as it does for the real providers; the gRPC
server subprocess imports it with PYTHONPATH set to the repository root.
"""

from .echo import Echo, EchoProvider, calls

__all__ = ["Echo", "EchoProvider", "calls"]
