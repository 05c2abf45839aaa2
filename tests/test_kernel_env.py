"""The kernel-environment contract: what a kernel is told, and that secrets never reach it."""

from __future__ import annotations

from huddle.kernel_env import API_URL, SECRETS, KernelConfig, kernel_environment


def test_a_kernel_reads_back_exactly_what_the_server_gave_it():
    given = KernelConfig(api_url="http://127.0.0.1:8866/huddle/api/v1", binder_repo="school/huddle", ipython_dir="/srv/data/ipython")
    env = kernel_environment({"PATH": "/usr/bin", "HOME": "/home/h"}, given)
    assert KernelConfig.current(env) == given
    assert env["PATH"] == "/usr/bin" and env["HOME"] == "/home/h"


def test_secrets_and_stale_huddle_values_are_not_inherited():
    inherited = {name: "hunter2" for name in SECRETS} | {API_URL: "http://stale.example/huddle/api/v1", "LANG": "C.UTF-8"}
    env = kernel_environment(inherited, KernelConfig(api_url="http://127.0.0.1:9/huddle/api/v1"))
    assert "hunter2" not in env.values()
    assert env[API_URL] == "http://127.0.0.1:9/huddle/api/v1" and env["LANG"] == "C.UTF-8"


def test_outside_huddle_serve_a_kernel_is_told_nothing():
    assert KernelConfig.current({}) == KernelConfig()
    assert KernelConfig().variables() == {}


def test_a_kernels_pass_is_its_own_and_goes_only_to_its_own_server(monkeypatch):
    from huddle.client import Client
    from huddle.kernel_env import KERNEL_PASS

    # A pass the server's environment happens to hold is never handed on to a kernel.
    env = kernel_environment({KERNEL_PASS: "someone-elses-pass"}, KernelConfig(api_url="http://127.0.0.1:9/huddle/api/v1"))
    assert KERNEL_PASS not in env
    own = kernel_environment({}, KernelConfig(api_url="http://127.0.0.1:9/huddle/api/v1", kernel_pass="this-kernels-pass"))
    assert KernelConfig.current(own).kernel_pass == "this-kernels-pass"
    for name, value in own.items():
        monkeypatch.setenv(name, value)
    assert Client()._pass == "this-kernels-pass"
    # A join link that names another (allowed) server: the pass stays home.
    assert Client("https://other.example.edu/huddle/api/v1")._pass is None
