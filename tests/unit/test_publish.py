from breakaway.render import publish


def _folder(path, text):
    path.mkdir()
    (path / "briefing.html").write_text(text)
    return path


def test_publish_swaps_in_the_new_report_and_removes_the_old(tmp_path):
    target = _folder(tmp_path / "2022-05-13", "old")
    staging = _folder(tmp_path / ".2022-05-13.tmp-1", "new")
    publish.publish_folder(staging, target)
    assert (target / "briefing.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2022-05-13"]


def test_the_fallback_swap_is_recovered_after_an_interruption(tmp_path, monkeypatch):
    monkeypatch.setattr(publish, "_exchange", lambda first, second: False)
    target = _folder(tmp_path / "2022-05-13", "old")
    # A killed fallback swap leaves only the renamed old folder: the next run puts it back.
    target.rename(tmp_path / "2022-05-13.previous")
    publish.recover(target)
    assert (target / "briefing.html").read_text() == "old"
    publish.publish_folder(_folder(tmp_path / ".2022-05-13.tmp-2", "new"), target)
    assert (target / "briefing.html").read_text() == "new"
    assert not (tmp_path / "2022-05-13.previous").exists()


def test_atomic_file_writes_leave_no_temporary_files(tmp_path):
    publish.write_json_atomic(tmp_path / "facts.json", {"b": 1, "a": [1, 2]})
    assert (
        tmp_path / "facts.json"
    ).read_text() == '{\n  "a": [\n    1,\n    2\n  ],\n  "b": 1\n}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["facts.json"]
