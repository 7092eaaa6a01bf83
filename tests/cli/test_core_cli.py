import json

from click.testing import CliRunner

from sftmine.cli import main


def test_exec_json_reports_the_outcome(tmp_path):
    prog = tmp_path / "p.py"
    prog.write_text("import sys\nprint(sys.stdin.read().upper(), end='')\n")
    stdin = tmp_path / "in.txt"
    stdin.write_text("hello")
    result = CliRunner().invoke(main, ["exec", str(prog), "--stdin", str(stdin), "--backend", "bwrap", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["status"] == "passed" and out["stdout"] == "HELLO" and out["backend"] == "bwrap"
    assert set(out) >= {"status", "exit_code", "stdout", "stderr", "duration_s", "backend"}


def test_exec_timeout_and_memory_exit_nonzero(tmp_path):
    prog = tmp_path / "p.py"
    prog.write_text("while True:\n    pass\n")
    result = CliRunner().invoke(main, ["exec", str(prog), "--backend", "bwrap", "--timeout", "1", "--json"])
    assert result.exit_code == 1 and json.loads(result.output)["status"] == "timeout"
    prog.write_text("x = bytearray(2 * 1024 ** 3)\n")
    result = CliRunner().invoke(main, ["exec", str(prog), "--backend", "bwrap", "--memory-mb", "64", "--json"])
    assert json.loads(result.output)["status"] == "memory"


def test_process_backend_needs_the_unsafe_flag(tmp_path):
    prog = tmp_path / "p.py"
    prog.write_text("print(1)\n")
    result = CliRunner().invoke(main, ["exec", str(prog), "--backend", "process"])
    assert result.exit_code == 1 and "--unsafe-no-sandbox" in result.output
    result = CliRunner().invoke(main, ["exec", str(prog), "--unsafe-no-sandbox", "--json"])
    assert result.exit_code == 0 and json.loads(result.output)["backend"] == "process"


def test_import_then_verify_humaneval(tmp_path):
    out = tmp_path / "tasks.jsonl"
    runner = CliRunner()
    result = runner.invoke(main, ["import", "humaneval", "--out", str(out)])
    assert result.exit_code == 0 and len(out.read_text().splitlines()) == 164
    small = tmp_path / "small.jsonl"
    small.write_text("".join(out.read_text().splitlines(keepends=True)[:5]))
    result = runner.invoke(main, ["verify", str(small), "--repeat", "2", "--backend", "bwrap", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output[result.output.index("{"):]) | {} == {
        "tasks": 5, "passed": 5, "failed": 0, "unstable": 0, "sandbox_error": 0, "repeat": 2, "backend": "bwrap"}


def test_bad_input_is_one_line_error(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    result = CliRunner().invoke(main, ["verify", str(bad), "--backend", "bwrap"])
    assert result.exit_code == 1
    assert result.output.strip().startswith("error:") and "bad.jsonl:1" in result.output
    assert len(result.output.strip().splitlines()) == 1
    result = CliRunner().invoke(main, ["exec", str(bad), "--backend", "nope"])
    assert result.exit_code == 1 and "unknown sandbox backend" in result.output


def test_verify_shows_progress_on_a_terminal(tmp_path):
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import sys
    import termios
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    tasks = tmp_path / "tasks.jsonl"
    assert CliRunner().invoke(main, ["import", "humaneval", "--out", str(tasks)]).exit_code == 0
    tasks.write_text("".join(tasks.read_text().splitlines(keepends=True)[:3]))
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))  # a bar needs a width
    proc = subprocess.Popen([sys.executable, "-m", "sftmine", "verify", str(tasks), "--backend", "bwrap"],
                            stdin=slave, stdout=slave, stderr=slave, env={**os.environ, "PYTHONPATH": str(repo)})
    os.close(slave)
    output = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal closed: the command ended
            break
        if not chunk:
            break
        output += chunk
    os.close(master)
    assert proc.wait(timeout=120) == 0
    text = output.decode(errors="replace")
    assert "verify: 100%" in text and "3/3" in text and "task/s" in text


def test_verify_reads_tasks_from_standard_input():
    from pathlib import Path

    line = (Path(__file__).parents[1] / "fixtures" / "sampling" / "easy_tasks.jsonl").read_text().splitlines()[0]
    result = CliRunner().invoke(main, ["verify", "-", "--repeat", "1", "--backend", "bwrap", "--json"],
                                input=line + "\n")
    assert result.exit_code == 0, result.output
    assert '"tasks": 1' in result.output and '"passed": 1' in result.output


def test_non_utf8_tasks_are_one_line_naming_the_file_and_byte(tmp_path):
    bad = tmp_path / "latin.jsonl"
    bad.write_bytes(b'{"task_id": "caf\xe9"}\n')
    for command in (["verify", str(bad), "--backend", "bwrap"], ["dedup", str(bad), "--out", str(tmp_path / "o")]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 1
        assert result.output.startswith(f"error: {bad}: not UTF-8 text at byte 16; ")
        assert result.output.count("\n") == 1
