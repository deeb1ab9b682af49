"""A killed run's socket folder is removed by the next run; a live run's folder is left alone."""

from __future__ import annotations

import socket
from pathlib import Path

from breakaway.render import kernel_forks


def _folder_with_socket(tmp_path: Path, name: str) -> tuple[Path, socket.socket]:
    folder = tmp_path / (kernel_forks.FOLDER_PREFIX + name)
    folder.mkdir(mode=0o700)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(folder / "socket"))
    listener.listen(1)
    return folder, listener


def test_the_folder_of_a_killed_run_is_removed_and_a_live_ones_kept(tmp_path):
    dead, dead_listener = _folder_with_socket(tmp_path, "dead")
    dead_listener.close()  # what a SIGKILL leaves: the socket's file, no process bound to it
    live, live_listener = _folder_with_socket(tmp_path, "live")
    starting = tmp_path / (kernel_forks.FOLDER_PREFIX + "starting")
    starting.mkdir()  # made, not yet listening
    other = tmp_path / "not-ours"
    other.mkdir()
    (other / "socket").write_text("")
    with live_listener:
        removed = kernel_forks.remove_leftovers(tmp_path)
        assert removed == [dead]
        assert not dead.exists()
        assert (live / "socket").is_socket() and starting.is_dir() and other.is_dir()
    # Once nothing listens there, the live run's folder is a leftover too.
    assert kernel_forks.remove_leftovers(tmp_path) == [live]
