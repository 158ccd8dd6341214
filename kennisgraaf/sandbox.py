"""An OS-level network sandbox for the processes that run queries: no socket to the Internet or localhost.

The query engine (Oxigraph, Rust) has its own HTTP client for ``SERVICE``; Python audit hooks never see it, and a
lexical check by a second parser can disagree with the engine's grammar (a comment ended by a carriage return, a
``\\u0053ERVICE`` escape). So "no query opens a connection" is enforced by the kernel instead: a seccomp filter makes
``socket(AF_INET | AF_INET6 | AF_PACKET, …)`` and ``io_uring_setup`` fail with ``EPERM`` in the calling process and
every thread it starts, for the rest of its life. Unix sockets and already open pipes (the worker's channel to the
server) keep working. The filter is installed after the data is loaded and before the first query runs.

The filter is classic BPF over ``struct seccomp_data`` (Linux ``Documentation/userspace-api/seccomp_filter.rst``);
it needs no privileges, only ``PR_SET_NO_NEW_PRIVS``. On a platform where it cannot be installed,
:func:`block_network` raises :class:`SandboxError` and the caller refuses to run queries, unless the user set
``KENNISGRAAF_ALLOW_UNSANDBOXED=1`` (documented in docs/sparql-endpoint.md).
"""

from __future__ import annotations

import ctypes
import os
import platform
import socket

from .errors import DataError

OPT_OUT = "KENNISGRAAF_ALLOW_UNSANDBOXED"

# (AUDIT_ARCH_*, socket syscall number, io_uring_setup syscall number) per machine.
_ARCH = {"x86_64": (0xC000003E, 41, 425), "aarch64": (0xC00000B7, 198, 425)}
_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 2
_RET_ALLOW, _RET_EPERM = 0x7FFF0000, 0x00050000 | 1
_LD_ABS_W, _JEQ_K, _JGE_K, _RET_K = 0x20, 0x15, 0x35, 0x06
_BLOCKED_FAMILIES = (socket.AF_INET, socket.AF_INET6, 17)  # 17: AF_PACKET (raw frames)

_installed = False


class SandboxError(DataError):
    """The network sandbox could not be installed on this platform."""


class _Filter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint)]


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Filter))]


def program(arch: int, socket_nr: int, io_uring_nr: int) -> list[tuple[int, int, int, int]]:
    """The BPF instructions ``(code, jt, jf, k)``: EPERM for inet/raw ``socket``, io_uring and foreign ABIs.

    Jumps are relative to the next instruction; ``DENY`` is the last instruction, ``ALLOW`` the one before.

    >>> prog = program(0xC000003E, 41, 425)
    >>> len(prog), prog[-1], prog[-2]
    (12, (6, 0, 0, 327681), (6, 0, 0, 2147418112))
    """
    body: list[tuple[int, str | int, str | int, int]] = [
        (_LD_ABS_W, 0, 0, 4),                       # A = seccomp_data.arch
        (_JEQ_K, 0, "deny", arch),                  # another ABI (i386, x32 via int 0x80): deny
        (_LD_ABS_W, 0, 0, 0),                       # A = seccomp_data.nr
        (_JGE_K, "deny", 0, 0x40000000),            # x32 syscall numbers on x86_64
        (_JEQ_K, "deny", 0, io_uring_nr),           # io_uring can open sockets without the socket syscall
        (_JEQ_K, 0, "allow", socket_nr),
        (_LD_ABS_W, 0, 0, 16),                      # A = low 32 bits of args[0] (the address family)
        *[(_JEQ_K, "deny", 0, family) for family in _BLOCKED_FAMILIES],
    ]
    allow, deny = len(body), len(body) + 1
    out = []
    for i, (code, jt, jf, k) in enumerate(body):
        targets = {"allow": allow, "deny": deny}
        jt = targets[jt] - (i + 1) if isinstance(jt, str) else jt
        jf = targets[jf] - (i + 1) if isinstance(jf, str) else jf
        out.append((code, jt, jf, k))
    return out + [(_RET_K, 0, 0, _RET_ALLOW), (_RET_K, 0, 0, _RET_EPERM)]  # any other family falls to ALLOW


def network_blocked() -> bool:
    """Whether this process can no longer open an inet socket (probes with a real ``socket()`` call)."""
    try:
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()
    except PermissionError:
        return True
    return False


def block_network() -> bool:
    """Install the filter in this process (idempotent); True when the kernel refuses inet sockets afterwards.

    Raises :class:`SandboxError` when it cannot be installed and ``KENNISGRAAF_ALLOW_UNSANDBOXED`` is not set;
    returns False (unsandboxed, by the user's explicit choice) when it is.
    """
    global _installed
    if _installed:
        return True
    try:
        _install()
    except (OSError, AttributeError, KeyError) as exc:
        if os.environ.get(OPT_OUT) == "1":
            return False
        raise SandboxError(f"the network sandbox for queries could not be installed on this platform ({exc})",
                           fix=f"run on Linux (x86_64 or aarch64) with seccomp, or set {OPT_OUT}=1 to run "
                               "queries without it (SERVICE is then refused by the lexical check only)") from None
    _installed = network_blocked()
    if not _installed and os.environ.get(OPT_OUT) != "1":
        raise SandboxError("the network sandbox was installed but inet sockets still open",
                           fix=f"set {OPT_OUT}=1 to run queries without it")
    return _installed


def _install() -> None:
    if platform.system() != "Linux":
        raise OSError(f"seccomp needs Linux, this is {platform.system()}")
    arch, socket_nr, io_uring_nr = _ARCH[platform.machine()]
    instructions = program(arch, socket_nr, io_uring_nr)
    filters = (_Filter * len(instructions))(*[_Filter(*ins) for ins in instructions])
    prog = _Program(len(instructions), filters)
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong]
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.addressof(prog), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_SECCOMP) failed")
