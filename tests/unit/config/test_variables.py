"""``config --variables``: every variable with its default, alternate value and required flag."""

from pycompose.config.variables import Variable, extract_variables


def test_forms_and_nesting() -> None:
    found = extract_variables(
        {
            "services": {
                "web": {
                    "image": "nginx:${TAG:-1}",
                    "environment": {
                        "A": "${REQ:?need it}",
                        "B": "${ALT:+alt}",
                        "C": "$PLAIN",
                        "D": "${NESTED:-${INNER:-x}}",
                        "E": "$$LITERAL ${X-d}",
                    },
                }
            }
        }
    )
    assert found["TAG"] == Variable("TAG", default="1")
    assert found["REQ"] == Variable("REQ", required=True)
    assert found["ALT"] == Variable("ALT", alternate="alt")
    assert found["PLAIN"] == Variable("PLAIN")
    assert found["NESTED"] == Variable("NESTED", default="${INNER:-x}")
    assert found["INNER"] == Variable("INNER", default="x")
    assert found["X"] == Variable("X", default="d")
    assert "LITERAL" not in found


def test_keys_are_not_variables() -> None:
    assert extract_variables({"${KEY}": "v"}) == {}
