"""The .env / env_file parser, checked against what Docker Compose v2.40.3 reads.

Each expected mapping below is what the real binary puts in ``environment`` for ``env_file: e.env``
(with the ``$$`` escaping of its output undone).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from pycompose.config.dotenv import parse_dotenv, parse_dotenv_raw, read_dotenv_file
from pycompose.errors import EnvFileError

# The OS environment of every case.
OS_ENV = {
    "OVERRIDDEN": "from-shell",
    "SHELLVAR": "shell",
    "IMAGE": "os",
    "NOVALUE": "from-os",
    "EMPTY_OS": "",
}

# (name, file text, expected variables)
PARSE_CASES: list[tuple[str, str, dict[str, str]]] = [
    # checklist §5 parsing details
    ("double quotes keep real newlines", 'A="multi\nline"\n', {"A": "multi\nline"}),
    ("comment after single quotes", "B='x' # c\n", {"B": "x"}),
    ("hash without space is kept", "C=x#nocomment\n", {"C": "x#nocomment"}),
    ("double-quote escapes", 'D="esc \\"q\\" \\t"\n', {"D": 'esc "q" \t'}),
    ("export prefix", "export E=1\n", {"E": "1"}),
    ("bare key unset is dropped", "F\nX=1\n", {"X": "1"}),
    ("bare key takes the OS value", "NOVALUE\n", {"NOVALUE": "from-os"}),
    ("bare key set but empty", "EMPTY_OS\n", {"EMPTY_OS": ""}),
    ("spaces around key and value", "  G = spaced \n", {"G": "spaced"}),
    ("empty value", "EMPTY=\n", {"EMPTY": ""}),
    ("single quotes: no escapes, no expansion", "S='$SHELLVAR \\n \\t'\n", {"S": "$SHELLVAR \\n \\t"}),
    ("double quotes: \\n is a newline", 'N="a\\nb"\n', {"N": "a\nb"}),
    # checklist §4 / hw-dotenv-precedence
    (
        "hw-dotenv-precedence .env",
        "# comment line\nIMAGE=nginx\nTAG=1.25\nFROM_DOTENV=dotenv-value\nOVERRIDDEN=from-dotenv\n"
        "SINGLE='single $IMAGE \\n quoted'\nDOUBLE=\"double $IMAGE \\n quoted\"\nexport EXPORTED=yes\n"
        "INLINE_COMMENT=value # trailing comment\nREF=${IMAGE}-ref\nREF_DEFAULT=${NOPE:-fallback}\n"
        "EMPTY_VAL=\nSPACES =  spaced value  \n",
        {
            "IMAGE": "nginx",
            "TAG": "1.25",
            "FROM_DOTENV": "dotenv-value",
            "OVERRIDDEN": "from-dotenv",
            "SINGLE": "single $IMAGE \\n quoted",
            # lookup (the OS environment, IMAGE=os here) is asked before the file's own keys
            "DOUBLE": "double os \n quoted",
            "EXPORTED": "yes",
            "INLINE_COMMENT": "value",
            "REF": "os-ref",
            "REF_DEFAULT": "fallback",
            "EMPTY_VAL": "",
            "SPACES": "spaced value",
        },
    ),
    (
        "earlier keys when the OS has none",
        "TAG=1.25\nREF=${TAG}-ref\nREF2=$TAG\n",
        {"TAG": "1.25", "REF": "1.25-ref", "REF2": "1.25"},
    ),
    ("later keys are not seen", "REF=${TAG2:-none}\nTAG2=x\n", {"REF": "none", "TAG2": "x"}),
    # hw-env-file-service common.env
    (
        "hw-env-file-service common.env",
        'SHARED=common\nCOMMON=1\nINTERP=${SHELLVAR}-suffix\nQUOTED="a b"\nNOVALUE_X\nEMPTY=\n',
        {"SHARED": "common", "COMMON": "1", "INTERP": "shell-suffix", "QUOTED": "a b", "EMPTY": ""},
    ),
    # cg-dotenv-plain
    (
        "cg-dotenv-plain",
        "OPTION_A=1\nOPTION_B=2\nOPTION_C= 3\nOPTION_D =4\nOPTION_E = 5\n456 = ABC\nOPTION_F = \n"
        "OPTION_G=\nOPTION_H = my string # Inline comment\n",
        {
            "OPTION_A": "1",
            "OPTION_B": "2",
            "OPTION_C": "3",
            "OPTION_D": "4",
            "OPTION_E": "5",
            "456": "ABC",
            "OPTION_F": "",
            "OPTION_G": "",
            "OPTION_H": "my string",
        },
    ),
    # cg-dotenv-quoted
    (
        "cg-dotenv-quoted",
        "OPTION_A='1'\nOPTION_B='2'\nOPTION_C=''\nOPTION_D='\\n'\nOPTION_E=\"1\"\nOPTION_F=\"2\"\nOPTION_G=\"\"\n"
        'OPTION_H="\\n"\nOPTION_I = "echo \'asd\'" # Inline comment\nOPTION_J = \'first line\nsecond line\n'
        "third line\nand so on'\nOPTION_K='Let\\'s go!'\nOPTION_Z = \"last value\"\n",
        {
            "OPTION_A": "1",
            "OPTION_B": "2",
            "OPTION_C": "",
            "OPTION_D": "\\n",
            "OPTION_E": "1",
            "OPTION_F": "2",
            "OPTION_G": "",
            "OPTION_H": "\n",
            "OPTION_I": "echo 'asd'",
            "OPTION_J": "first line\nsecond line\nthird line\nand so on",
            "OPTION_K": "Let's go!",
            "OPTION_Z": "last value",
        },
    ),
    # cg-dotenv-substitutions (OPTION_NOT_DEFINED warns, see test_unset_variable_warns)
    (
        "cg-dotenv-substitutions",
        "OPTION_A=1\nOPTION_B=${OPTION_A}\nOPTION_C=$OPTION_B\nOPTION_D=${OPTION_A}_${OPTION_B}\n"
        "OPTION_E=${OPTION_NOT_DEFINED}\n",
        {"OPTION_A": "1", "OPTION_B": "1", "OPTION_C": "1", "OPTION_D": "1_1", "OPTION_E": ""},
    ),
    # quirks of compose-go's parser
    ("a bare last line without newline is the empty key's value", "A=1\nNOVALUE", {"A": "1", "": "NOVALUE"}),
    ("value starting with # is kept", "A=#foo\nB= #foo\n", {"A": "#foo", "B": "#foo"}),
    ("only space-hash starts a comment", "C=x #y\nD=x\t#y\nE=x#y\n", {"C": "x", "D": "x\t#y", "E": "x#y"}),
    ("text after a closing quote is a new statement", 'F="a" junk\nG="b"c\n', {"F": "a", "G": "b"}),
    ("yaml-style separator", "A: 1\nB :2\n", {"A": "1", "B": "2"}),
    (
        "key characters",
        "A-B=1\nC[0]=2\nD.E=3\né=4\n٣=5\n",
        {"A-B": "1", "C[0]": "2", "D.E": "3", "é": "4", "٣": "5"},
    ),
    (
        "export variants",
        "export A=1\nexport\tB=2\nexportC=3\nexport=4\n  export   D = 5  \n",
        {"A": "1", "B": "2", "exportC": "3", "export": "4", "D": "5"},
    ),
    ("CRLF line ends", "A=1\r\nB=\"x\"\r\nC='y'  # c\r\n", {"A": "1", "B": "x", "C": "y"}),
    ("blank lines and comments", "\n\n  # c\n\t\nA=1\n#B=2\n", {"A": "1"}),
    ("duplicate keys: last wins", "A=1\nA=2\n", {"A": "2"}),
    ("later value sees the earlier one", "A=1\nA=${A}2\n", {"A": "12"}),
    (
        "$$ and \\$ give a literal dollar",
        "A=\"$$HOME \\$HOME\"\nB=$$X\nC='$$Y'\n",
        {"A": "$HOME $HOME", "B": "$X", "C": "$$Y"},
    ),
    (
        "escapes in double quotes",
        'A="x\\\\y\\"z\\$w\\n\\t\\a\\c\\0123\\0\\012\\u1234"\n',
        {"A": 'x\\y"z$w\n\t\a\\cS\\\\12\\u1234'},
    ),
    ("escapes in single quotes", "A='x\\\\y\\'z\\$w\\n'\n", {"A": "x\\\\y'z\\$w\\n"}),
    ("octal escapes", 'A="\\0101\\0777\\08"\n', {"A": "A\\777\\8"}),
    (
        "interpolation forms",
        "A=${NOPE-d}\nB=${EMPTY_OS:-e}\nC=${SHELLVAR:+alt}\nD=${SHELLVAR:?m}\n",
        {"A": "d", "B": "e", "C": "alt", "D": "shell"},
    ),
    ("export alone on a line", "export  \nA=1\n", {"A": "1"}),
    ("tab inside a key", "A\tB=1\n", {"A\tB": "1"}),
]


@pytest.mark.parametrize(("name", "text", "expected"), PARSE_CASES, ids=[case[0] for case in PARSE_CASES])
def test_parse_dotenv(name: str, text: str, expected: dict[str, str]) -> None:
    assert parse_dotenv(text, "/p/e.env", OS_ENV.get) == expected


def test_os_environment_beats_the_files_own_keys() -> None:
    """OS IMAGE=os, file IMAGE=file then REF=${IMAGE}: compose gives REF=os (lookup first)."""
    assert parse_dotenv("IMAGE=file\nREF=${IMAGE}-ref\n", "e.env", {"IMAGE": "os"}.get) == {
        "IMAGE": "file",
        "REF": "os-ref",
    }


def test_base_comes_after_the_files_own_keys() -> None:
    """env_file: [e1.env, e2.env] with e1 A=first and e2 B=${A}-x, A=second, C=${A}."""
    text = "B=${A}-x\nA=second\nC=${A}\n"
    assert parse_dotenv(text, "e2.env", {}.get, base={"A": "first"}) == {
        "B": "first-x",
        "A": "second",
        "C": "second",
    }
    assert parse_dotenv(text, "e2.env", {"A": "os"}.get, base={"A": "first"}) == {
        "B": "os-x",
        "A": "second",
        "C": "os",
    }


def test_unset_variable_warns(capsys: pytest.CaptureFixture[str]) -> None:
    parse_dotenv("E=${OPTION_NOT_DEFINED}\n", "e.env", {}.get)
    assert 'msg="The \\"OPTION_NOT_DEFINED\\" variable is not set. Defaulting to a blank string."' in (
        capsys.readouterr().err
    )


def test_bom_is_skipped() -> None:
    assert parse_dotenv("\ufeffA=1\n", "e.env", {}.get) == {"A": "1"}


FILE = "/p/e.env"

# (text, message after "failed to read /p/e.env: ", line)
PARSE_ERRORS: list[tuple[str, str, int]] = [
    ("A=1\nB C=2\n", "line 2: key cannot contain a space", 2),
    ("A B\nC=1\n", "line 1: key cannot contain a space", 1),
    # a bare key followed by spaces does not advance compose-go's line counter
    ("A  \nB C=1\n", "line 1: key cannot contain a space", 1),
    ("A=1\nB\nC\nD$=2\n", 'line 4: unexpected character "$" in variable name "D$=2"', 4),
    (
        "X=1\n\n# c\n\n  Y=\"a\nb\"\nZ='\n'\nW$=1\n",
        'line 9: unexpected character "$" in variable name "W$=1"',
        9,
    ),
    ('A=1\nB="unterminated\nC=3\n', 'line 4: unterminated quoted value "unterminated', 4),
    ("A='x", "line 1: unterminated quoted value 'x", 1),
    ("A=${B\n", 'Invalid template: "${B"', 2),
    ('A="${REQ:?oops}"\n', "required variable REQ is missing a value: oops", 1),
    ("A=1\nB=$A$\nC=${A}x${\n", 'Invalid template: "${A}x${"', 4),
    ("export  ", "zero length string", 1),
]


@pytest.mark.parametrize(("text", "message", "line"), PARSE_ERRORS)
def test_parse_dotenv_errors(text: str, message: str, line: int) -> None:
    with pytest.raises(EnvFileError) as info:
        parse_dotenv(text, FILE, {}.get)
    assert str(info.value) == f"failed to read {FILE}: {message}"
    assert info.value.file == FILE
    assert info.value.line == line


# --------------------------------------------------------------------------------------------------
# format: raw
# --------------------------------------------------------------------------------------------------

RAW_CASES: list[tuple[str, str, dict[str, str]]] = [
    (
        "verbatim value",
        "RAW=${NOT_INTERPOLATED} 'quotes kept'\n",
        {"RAW": "${NOT_INTERPOLATED} 'quotes kept'"},
    ),
    ("comment and trailing blanks kept", "RAW=${NOT} 'q' \"d\" # c  \n", {"RAW": "${NOT} 'q' \"d\" # c  "}),
    ("leading blanks skipped", "  SP=v  \n", {"SP": "v  "}),
    ("bare key from the environment", "NOVALUE\nA=1\n", {"NOVALUE": "from-os", "A": "1"}),
    ("bare key unset", "MISSING\n", {}),
    ("comments and blank lines", "#comment\n\n  # c2\nK=a=b\n", {"K": "a=b"}),
    ("CR before LF dropped, other CRs kept", "A=1\r\nB=x\rC=2\n", {"A": "1", "B": "x\rC=2"}),
    ("quotes are not special", "A=\"multi\nline\"\nB='x'\n", {"A": '"multi', "B": "'x'"}),
    ("last line without newline", "A=1\nA=2", {"A": "2"}),
    ("BOM", "\ufeffA=1\n", {"A": "1"}),
]


@pytest.mark.parametrize(("name", "text", "expected"), RAW_CASES, ids=[case[0] for case in RAW_CASES])
def test_parse_dotenv_raw(name: str, text: str, expected: dict[str, str]) -> None:
    assert parse_dotenv_raw(text, FILE, OS_ENV.get) == expected


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("A=1\n  SP = v  \n", "variable 'SP ' contains whitespaces", 2),
        ("export E=1\n", "variable 'export E' contains whitespaces", 1),
        ("NOEQ  \n", "variable 'NOEQ  ' contains whitespaces", 1),
        ("\tA\t=1\n", "variable 'A\t' contains whitespaces", 1),
        ("=empty\n", "no variable name on line '=empty'", 1),
    ],
)
def test_parse_dotenv_raw_errors(text: str, message: str, line: int) -> None:
    with pytest.raises(EnvFileError) as info:
        parse_dotenv_raw(text, FILE, OS_ENV.get)
    assert str(info.value) == f"failed to parse env_file {FILE}: {message}"
    assert info.value.line == line


# --------------------------------------------------------------------------------------------------
# read_dotenv_file
# --------------------------------------------------------------------------------------------------


def test_read_dotenv_file(tmp_path: Path) -> None:
    path = tmp_path / "e.env"
    path.write_bytes(b"A=1\nB=${A}\nC=\xff\n")
    assert read_dotenv_file(str(path), {}.get) == {"A": "1", "B": "1", "C": "\ufffd"}
    path.write_text("RAW=${X}\n")
    assert read_dotenv_file(str(path), {}.get, raw=True) == {"RAW": "${X}"}


def test_read_env_file_chain(tmp_path: Path) -> None:
    """env_file: [e1.env, e2.env] plus service environment FOO=bar, as Docker Compose resolves it."""
    (tmp_path / "e1.env").write_text("A=first\n")
    (tmp_path / "e2.env").write_text("B=${A}-x\nA=second\nC=${A}\nX=${FOO}\n")
    first = read_dotenv_file(str(tmp_path / "e1.env"), {}.get)
    lookup = {"FOO": "bar"}.get  # project environment, then the service's environment values
    second = read_dotenv_file(str(tmp_path / "e2.env"), lookup, base={k: v for k, v in first.items() if v})
    assert second == {"B": "first-x", "A": "second", "C": "second", "X": "bar"}


def test_read_missing_file(tmp_path: Path) -> None:
    path = str(tmp_path / "missing.env")
    with pytest.raises(EnvFileError) as info:
        read_dotenv_file(path, {}.get)
    assert str(info.value) == f"env file {path} not found: stat {path}: no such file or directory"


def test_read_directory(tmp_path: Path) -> None:
    with pytest.raises(EnvFileError) as info:
        read_dotenv_file(str(tmp_path), {}.get)
    assert str(info.value) == f"failed to read {tmp_path}: read {tmp_path}: is a directory"


def test_read_raw_invalid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "raw.env"
    path.write_bytes(b"X=1\nA=\xff\n")
    with pytest.raises(EnvFileError) as info:
        read_dotenv_file(str(path), {}.get, raw=True)
    assert str(info.value) == f"failed to parse env_file {path}: invalid utf8 bytes at line 2: [65 61 255]"


# --------------------------------------------------------------------------------------------------
# Optional: the same tables against the real binary
# --------------------------------------------------------------------------------------------------

ORACLE = Path(
    os.environ.get("COMPOSE_ORACLE", "/tmp/oracle/lib/python3.11/site-packages/compose/docker-compose")
)
needs_oracle = pytest.mark.skipif(not ORACLE.is_file(), reason="Docker Compose binary not available")


def oracle_env_file(tmp_path: Path, text: str, raw: bool = False) -> subprocess.CompletedProcess[str]:
    (tmp_path / "e.env").write_bytes(text.encode())
    entry = "{path: e.env, format: raw}" if raw else "e.env"
    (tmp_path / "compose.yaml").write_text(
        f"services:\n  app:\n    image: busybox\n    env_file: [{entry}]\n"
    )
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), **OS_ENV}
    return subprocess.run(
        [str(ORACLE), "-p", "t", "-f", "compose.yaml", "config", "--format", "json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )


def unescape(env: dict[str, str]) -> dict[str, str]:
    return {key.replace("$$", "$"): value.replace("$$", "$") for key, value in env.items()}


@pytest.mark.oracle
@needs_oracle
@pytest.mark.parametrize(("name", "text", "expected"), PARSE_CASES, ids=[case[0] for case in PARSE_CASES])
def test_parse_cases_match_oracle(tmp_path: Path, name: str, text: str, expected: dict[str, str]) -> None:
    done = oracle_env_file(tmp_path, text)
    assert done.returncode == 0, done.stderr
    assert unescape(json.loads(done.stdout)["services"]["app"].get("environment") or {}) == expected


@pytest.mark.oracle
@needs_oracle
@pytest.mark.parametrize(("name", "text", "expected"), RAW_CASES, ids=[case[0] for case in RAW_CASES])
def test_raw_cases_match_oracle(tmp_path: Path, name: str, text: str, expected: dict[str, str]) -> None:
    done = oracle_env_file(tmp_path, text, raw=True)
    assert done.returncode == 0, done.stderr
    assert unescape(json.loads(done.stdout)["services"]["app"].get("environment") or {}) == expected


@pytest.mark.oracle
@needs_oracle
@pytest.mark.parametrize(("text", "message", "line"), PARSE_ERRORS)
def test_parse_errors_match_oracle(tmp_path: Path, text: str, message: str, line: int) -> None:
    done = oracle_env_file(tmp_path, text)
    assert done.returncode == 1
    stderr = "\n".join(row for row in done.stderr.split("\n") if not re.match(r'time="', row))
    assert stderr.rstrip("\n") == f"failed to read {tmp_path / 'e.env'}: {message}"
