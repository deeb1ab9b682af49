"""Kernels started by a render listen on their own Unix sockets, so parallel starts never collide."""

import json

from breakaway.render.kernels import SocketKernelManager


def test_each_kernel_gets_its_own_short_socket_names(tmp_path):
    names = []
    for n in range(2):
        manager = SocketKernelManager(connection_file=str(tmp_path / f"kernel-{n}.json"))
        manager.write_connection_file()
        info = json.loads((tmp_path / f"kernel-{n}.json").read_text())
        assert info["transport"] == "ipc"
        names.append(f"{info['ip']}-{info['shell_port']}")
        manager.cleanup_connection_file()
    assert names[0] != names[1]
    assert all(len(name) < 100 for name in names)  # the Unix socket path limit is ~107
