"""Project name precedence and sanitizing, as Docker Compose v2 does it."""

import pytest

from pycompose.config.project_name import choose_project_name, sanitize_project_name
from pycompose.errors import ProjectNameError


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("My Project!", "myproject"),
        ("Bad.Name", "badname"),
        ("hw-Project.Name_Dir", "hw-projectname_dir"),
        ("__x", "x"),
        ("-_-a", "a"),
        ("ok_1-2", "ok_1-2"),
    ],
)
def test_sanitize(raw: str, clean: str) -> None:
    assert sanitize_project_name(raw) == clean


def test_flag_beats_environment_beats_file_beats_directory() -> None:
    env = {"COMPOSE_PROJECT_NAME": "fromenv"}
    assert choose_project_name("flag", env, ["file"], "/x/dir", None) == "flag"
    assert choose_project_name(None, env, ["file"], "/x/dir", None) == "fromenv"
    assert choose_project_name(None, {}, ["first", "second"], "/x/dir", None) == "second"
    assert choose_project_name(None, {}, [], "/x/My.Dir", None) == "mydir"


def test_name_from_file_is_interpolated_then_sanitized() -> None:
    name = choose_project_name(None, {}, ["${P}_App"], "/x", lambda s: s.replace("${P}", "MyProj"))
    assert name == "myproj_app"


@pytest.mark.parametrize("bad", ["Bad.Name", "UPPER", "_lead", "sp ace"])
def test_explicit_names_must_be_valid(bad: str) -> None:
    with pytest.raises(ProjectNameError, match="invalid project name"):
        choose_project_name(bad, {}, [], "/x", None)
    with pytest.raises(ProjectNameError):
        choose_project_name(None, {"COMPOSE_PROJECT_NAME": bad}, [], "/x", None)


def test_empty_name_is_an_error() -> None:
    with pytest.raises(ProjectNameError, match="must not be empty"):
        choose_project_name(None, {}, [], "/___", None)
