# GENERATED FILE - DO NOT EDIT. Regenerate with: python tools/generate_schema_validator.py
# Source: schemas/compose-spec.json, sha256 1f91e091f16b2dd50ab8860e02bb391d22df553d91c145eacedb1b6eff9c3f0e
# Generated with fastjsonschema 2.22.3 plus the compatibility patches listed
# in tools/generate_schema_validator.py (the patched schema: pycompose/config/compose-spec.json).
# Self-contained: imports only `re`; fastjsonschema is not needed at runtime.
# flake8: noqa
SCHEMA_SHA256 = "1f91e091f16b2dd50ab8860e02bb391d22df553d91c145eacedb1b6eff9c3f0e"
EFFECTIVE_SCHEMA_SHA256 = "2e9a4f9c7241df8f7eb1c1f34fc556a8d4687e0acf87afbd78389cb7098be7d7"
VERSION = "2.22.3"
import re


class JsonSchemaValueException(ValueError):
    """The first rule the data breaks; stands in for fastjsonschema's class, which is not imported.

    Raised with the message only (the code is generated with ``detailed_exceptions=False``) and caught
    once per failing ``oneOf`` branch, so it keeps ``ValueError``'s C constructor: no Python ``__init__``.
    """

    @property
    def message(self):
        return self.args[0] if self.args else ""


class JsonSchemaValuesException(ValueError):
    """Only named in ``except`` clauses: raised by fastjsonschema when ``fast_fail`` is off."""


class Decimal:
    """Stands in for ``decimal.Decimal`` in ``isinstance`` checks; YAML never yields one.

    Importing ``decimal`` would cost ~2 ms at every start for a type no Compose file can contain.
    """



REGEX_PATTERNS = {
    '^[a-zA-Z0-9._-]+$': re.compile('^[a-zA-Z0-9._-]+\\Z'),
    '^x-': re.compile('^x-'),
    '.+': re.compile('.+'),
    '^.+$': re.compile('^.+\\Z'),
    '[a-zA-Z0-9][a-zA-Z0-9_.-]+': re.compile('[a-zA-Z0-9][a-zA-Z0-9_.-]+'),
    'always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+': re.compile('always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+'),
    '^[a-z]+$': re.compile('^[a-z]+\\Z')
}

NoneType = type(None)

def validate_compose_spec_json(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "version" in data_keys:
            data_keys.remove("version")
            data__version = data["version"]
            if not isinstance(data__version, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".version must be string")
        if "name" in data_keys:
            data_keys.remove("name")
            data__name = data["name"]
            if not isinstance(data__name, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".name must be string")
        if "include" in data_keys:
            data_keys.remove("include")
            data__include = data["include"]
            if not isinstance(data__include, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".include must be array")
            data__include_is_list = isinstance(data__include, (list, tuple))
            if data__include_is_list:
                data__include_len = len(data__include)
                for data__include_x, data__include_item in enumerate(data__include):
                    validate_compose_spec_json__definitions_include(data__include_item, custom_formats, (name_prefix or "data") + f".include[{data__include_x}]")
        if "services" in data_keys:
            data_keys.remove("services")
            data__services = data["services"]
            if not isinstance(data__services, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".services must be object")
            data__services_is_dict = isinstance(data__services, dict)
            if data__services_is_dict:
                data__services_keys = set(data__services.keys())
                for data__services_key, data__services_val in data__services.items():
                    if REGEX_PATTERNS['^[a-zA-Z0-9._-]+$'].search(data__services_key):
                        if data__services_key in data__services_keys:
                            data__services_keys.remove(data__services_key)
                        validate_compose_spec_json__definitions_service(data__services_val, custom_formats, (name_prefix or "data") + f".services.{data__services_key}")
                if data__services_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".services must not contain "+str(data__services_keys)+" properties")
        if "models" in data_keys:
            data_keys.remove("models")
            data__models = data["models"]
            if not isinstance(data__models, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".models must be object")
            data__models_is_dict = isinstance(data__models, dict)
            if data__models_is_dict:
                data__models_keys = set(data__models.keys())
                for data__models_key, data__models_val in data__models.items():
                    if REGEX_PATTERNS['^[a-zA-Z0-9._-]+$'].search(data__models_key):
                        if data__models_key in data__models_keys:
                            data__models_keys.remove(data__models_key)
                        validate_compose_spec_json__definitions_model(data__models_val, custom_formats, (name_prefix or "data") + f".models.{data__models_key}")
        if "networks" in data_keys:
            data_keys.remove("networks")
            data__networks = data["networks"]
            if not isinstance(data__networks, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".networks must be object")
            data__networks_is_dict = isinstance(data__networks, dict)
            if data__networks_is_dict:
                data__networks_keys = set(data__networks.keys())
                for data__networks_key, data__networks_val in data__networks.items():
                    if REGEX_PATTERNS['^[a-zA-Z0-9._-]+$'].search(data__networks_key):
                        if data__networks_key in data__networks_keys:
                            data__networks_keys.remove(data__networks_key)
                        validate_compose_spec_json__definitions_network(data__networks_val, custom_formats, (name_prefix or "data") + f".networks.{data__networks_key}")
        if "volumes" in data_keys:
            data_keys.remove("volumes")
            data__volumes = data["volumes"]
            if not isinstance(data__volumes, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".volumes must be object")
            data__volumes_is_dict = isinstance(data__volumes, dict)
            if data__volumes_is_dict:
                data__volumes_keys = set(data__volumes.keys())
                for data__volumes_key, data__volumes_val in data__volumes.items():
                    if REGEX_PATTERNS['^[a-zA-Z0-9._-]+$'].search(data__volumes_key):
                        if data__volumes_key in data__volumes_keys:
                            data__volumes_keys.remove(data__volumes_key)
                        validate_compose_spec_json__definitions_volume(data__volumes_val, custom_formats, (name_prefix or "data") + f".volumes.{data__volumes_key}")
                if data__volumes_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".volumes must not contain "+str(data__volumes_keys)+" properties")
        if "secrets" in data_keys:
            data_keys.remove("secrets")
            data__secrets = data["secrets"]
            if not isinstance(data__secrets, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".secrets must be object")
            data__secrets_is_dict = isinstance(data__secrets, dict)
            if data__secrets_is_dict:
                data__secrets_keys = set(data__secrets.keys())
                for data__secrets_key, data__secrets_val in data__secrets.items():
                    if REGEX_PATTERNS['^[a-zA-Z0-9._-]+$'].search(data__secrets_key):
                        if data__secrets_key in data__secrets_keys:
                            data__secrets_keys.remove(data__secrets_key)
                        validate_compose_spec_json__definitions_secret(data__secrets_val, custom_formats, (name_prefix or "data") + f".secrets.{data__secrets_key}")
                if data__secrets_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".secrets must not contain "+str(data__secrets_keys)+" properties")
        if "configs" in data_keys:
            data_keys.remove("configs")
            data__configs = data["configs"]
            if not isinstance(data__configs, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".configs must be object")
            data__configs_is_dict = isinstance(data__configs, dict)
            if data__configs_is_dict:
                data__configs_keys = set(data__configs.keys())
                for data__configs_key, data__configs_val in data__configs.items():
                    if REGEX_PATTERNS['^[a-zA-Z0-9._-]+$'].search(data__configs_key):
                        if data__configs_key in data__configs_keys:
                            data__configs_keys.remove(data__configs_key)
                        validate_compose_spec_json__definitions_config(data__configs_val, custom_formats, (name_prefix or "data") + f".configs.{data__configs_key}")
                if data__configs_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".configs must not contain "+str(data__configs_keys)+" properties")
        for data_key, data_val in data.items():
            if REGEX_PATTERNS['^x-'].search(data_key):
                if data_key in data_keys:
                    data_keys.remove(data_key)
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate_compose_spec_json__definitions_config(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "name" in data_keys:
            data_keys.remove("name")
            data__name = data["name"]
            if not isinstance(data__name, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".name must be string")
        if "content" in data_keys:
            data_keys.remove("content")
            data__content = data["content"]
            if not isinstance(data__content, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".content must be string")
        if "environment" in data_keys:
            data_keys.remove("environment")
            data__environment = data["environment"]
            if not isinstance(data__environment, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".environment must be string")
        if "file" in data_keys:
            data_keys.remove("file")
            data__file = data["file"]
            if not isinstance(data__file, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".file must be string")
        if "external" in data_keys:
            data_keys.remove("external")
            data__external = data["external"]
            if not isinstance(data__external, (bool, str, dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".external must be boolean or string or object")
            data__external_is_dict = isinstance(data__external, dict)
            if data__external_is_dict:
                data__external_keys = set(data__external.keys())
                if "name" in data__external_keys:
                    data__external_keys.remove("name")
                    data__external__name = data__external["name"]
                    if not isinstance(data__external__name, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".external.name must be string")
        if "labels" in data_keys:
            data_keys.remove("labels")
            data__labels = data["labels"]
            validate_compose_spec_json__definitions_list_or_dict(data__labels, custom_formats, (name_prefix or "data") + ".labels")
        if "template_driver" in data_keys:
            data_keys.remove("template_driver")
            data__templatedriver = data["template_driver"]
            if not isinstance(data__templatedriver, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".template_driver must be string")
        for data_key, data_val in data.items():
            if REGEX_PATTERNS['^x-'].search(data_key):
                if data_key in data_keys:
                    data_keys.remove(data_key)
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate_compose_spec_json__definitions_list_or_dict(data, custom_formats={}, name_prefix=None):
    data_one_of_count1 = 0
    if data_one_of_count1 < 2:
        try:
            if not isinstance(data, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
            data_is_dict = isinstance(data, dict)
            if data_is_dict:
                data_keys = set(data.keys())
                for data_key, data_val in data.items():
                    if REGEX_PATTERNS['.+'].search(data_key):
                        if data_key in data_keys:
                            data_keys.remove(data_key)
                        if not isinstance(data_val, (str, int, float, Decimal, bool, NoneType)):
                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".{data_key}" + " must be string or number or boolean or null")
                if data_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
            data_one_of_count1 += 1
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
    if data_one_of_count1 < 2:
        try:
            if not isinstance(data, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + " must be array")
            data_is_list = isinstance(data, (list, tuple))
            if data_is_list:
                def fn(var): return frozenset(dict((k, fn(v)) for k, v in var.items()).items()) if hasattr(var, "items") else tuple(fn(v) for v in var) if isinstance(var, (dict, list)) else (bool, var) if isinstance(var, bool) else var
                data_len = len(data)
                if data_len > len(set(fn(data_x) for data_x in data)):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain unique items")
                for data_x, data_item in enumerate(data):
                    if not isinstance(data_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}]" + " must be string")
            data_one_of_count1 += 1
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
    if data_one_of_count1 != 1:
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be valid exactly by one definition")
    return data

def validate_compose_spec_json__definitions_secret(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "name" in data_keys:
            data_keys.remove("name")
            data__name = data["name"]
            if not isinstance(data__name, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".name must be string")
        if "environment" in data_keys:
            data_keys.remove("environment")
            data__environment = data["environment"]
            if not isinstance(data__environment, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".environment must be string")
        if "file" in data_keys:
            data_keys.remove("file")
            data__file = data["file"]
            if not isinstance(data__file, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".file must be string")
        if "external" in data_keys:
            data_keys.remove("external")
            data__external = data["external"]
            if not isinstance(data__external, (bool, str, dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".external must be boolean or string or object")
            data__external_is_dict = isinstance(data__external, dict)
            if data__external_is_dict:
                data__external_keys = set(data__external.keys())
                if "name" in data__external_keys:
                    data__external_keys.remove("name")
                    data__external__name = data__external["name"]
                    if not isinstance(data__external__name, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".external.name must be string")
        if "labels" in data_keys:
            data_keys.remove("labels")
            data__labels = data["labels"]
            validate_compose_spec_json__definitions_list_or_dict(data__labels, custom_formats, (name_prefix or "data") + ".labels")
        if "driver" in data_keys:
            data_keys.remove("driver")
            data__driver = data["driver"]
            if not isinstance(data__driver, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".driver must be string")
        if "driver_opts" in data_keys:
            data_keys.remove("driver_opts")
            data__driveropts = data["driver_opts"]
            if not isinstance(data__driveropts, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".driver_opts must be object")
            data__driveropts_is_dict = isinstance(data__driveropts, dict)
            if data__driveropts_is_dict:
                data__driveropts_keys = set(data__driveropts.keys())
                for data__driveropts_key, data__driveropts_val in data__driveropts.items():
                    if REGEX_PATTERNS['^.+$'].search(data__driveropts_key):
                        if data__driveropts_key in data__driveropts_keys:
                            data__driveropts_keys.remove(data__driveropts_key)
                        if not isinstance(data__driveropts_val, (str, int, float, Decimal)) or isinstance(data__driveropts_val, bool):
                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".driver_opts.{data__driveropts_key}" + " must be string or number")
        if "template_driver" in data_keys:
            data_keys.remove("template_driver")
            data__templatedriver = data["template_driver"]
            if not isinstance(data__templatedriver, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".template_driver must be string")
        for data_key, data_val in data.items():
            if REGEX_PATTERNS['^x-'].search(data_key):
                if data_key in data_keys:
                    data_keys.remove(data_key)
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate_compose_spec_json__definitions_volume(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict, NoneType)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object or null")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "name" in data_keys:
            data_keys.remove("name")
            data__name = data["name"]
            if not isinstance(data__name, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".name must be string")
        if "driver" in data_keys:
            data_keys.remove("driver")
            data__driver = data["driver"]
            if not isinstance(data__driver, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".driver must be string")
        if "driver_opts" in data_keys:
            data_keys.remove("driver_opts")
            data__driveropts = data["driver_opts"]
            if not isinstance(data__driveropts, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".driver_opts must be object")
            data__driveropts_is_dict = isinstance(data__driveropts, dict)
            if data__driveropts_is_dict:
                data__driveropts_keys = set(data__driveropts.keys())
                for data__driveropts_key, data__driveropts_val in data__driveropts.items():
                    if REGEX_PATTERNS['^.+$'].search(data__driveropts_key):
                        if data__driveropts_key in data__driveropts_keys:
                            data__driveropts_keys.remove(data__driveropts_key)
                        if not isinstance(data__driveropts_val, (str, int, float, Decimal)) or isinstance(data__driveropts_val, bool):
                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".driver_opts.{data__driveropts_key}" + " must be string or number")
        if "external" in data_keys:
            data_keys.remove("external")
            data__external = data["external"]
            if not isinstance(data__external, (bool, str, dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".external must be boolean or string or object")
            data__external_is_dict = isinstance(data__external, dict)
            if data__external_is_dict:
                data__external_keys = set(data__external.keys())
                if "name" in data__external_keys:
                    data__external_keys.remove("name")
                    data__external__name = data__external["name"]
                    if not isinstance(data__external__name, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".external.name must be string")
                for data__external_key, data__external_val in data__external.items():
                    if REGEX_PATTERNS['^x-'].search(data__external_key):
                        if data__external_key in data__external_keys:
                            data__external_keys.remove(data__external_key)
                if data__external_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".external must not contain "+str(data__external_keys)+" properties")
        if "labels" in data_keys:
            data_keys.remove("labels")
            data__labels = data["labels"]
            validate_compose_spec_json__definitions_list_or_dict(data__labels, custom_formats, (name_prefix or "data") + ".labels")
        for data_key, data_val in data.items():
            if REGEX_PATTERNS['^x-'].search(data_key):
                if data_key in data_keys:
                    data_keys.remove(data_key)
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate_compose_spec_json__definitions_network(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict, NoneType)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object or null")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "name" in data_keys:
            data_keys.remove("name")
            data__name = data["name"]
            if not isinstance(data__name, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".name must be string")
        if "driver" in data_keys:
            data_keys.remove("driver")
            data__driver = data["driver"]
            if not isinstance(data__driver, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".driver must be string")
        if "driver_opts" in data_keys:
            data_keys.remove("driver_opts")
            data__driveropts = data["driver_opts"]
            if not isinstance(data__driveropts, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".driver_opts must be object")
            data__driveropts_is_dict = isinstance(data__driveropts, dict)
            if data__driveropts_is_dict:
                data__driveropts_keys = set(data__driveropts.keys())
                for data__driveropts_key, data__driveropts_val in data__driveropts.items():
                    if REGEX_PATTERNS['^.+$'].search(data__driveropts_key):
                        if data__driveropts_key in data__driveropts_keys:
                            data__driveropts_keys.remove(data__driveropts_key)
                        if not isinstance(data__driveropts_val, (str, int, float, Decimal)) or isinstance(data__driveropts_val, bool):
                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".driver_opts.{data__driveropts_key}" + " must be string or number")
        if "ipam" in data_keys:
            data_keys.remove("ipam")
            data__ipam = data["ipam"]
            if not isinstance(data__ipam, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".ipam must be object")
            data__ipam_is_dict = isinstance(data__ipam, dict)
            if data__ipam_is_dict:
                data__ipam_keys = set(data__ipam.keys())
                if "driver" in data__ipam_keys:
                    data__ipam_keys.remove("driver")
                    data__ipam__driver = data__ipam["driver"]
                    if not isinstance(data__ipam__driver, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".ipam.driver must be string")
                if "config" in data__ipam_keys:
                    data__ipam_keys.remove("config")
                    data__ipam__config = data__ipam["config"]
                    if not isinstance(data__ipam__config, (list, tuple)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".ipam.config must be array")
                    data__ipam__config_is_list = isinstance(data__ipam__config, (list, tuple))
                    if data__ipam__config_is_list:
                        data__ipam__config_len = len(data__ipam__config)
                        for data__ipam__config_x, data__ipam__config_item in enumerate(data__ipam__config):
                            if not isinstance(data__ipam__config_item, (dict)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".ipam.config[{data__ipam__config_x}]" + " must be object")
                            data__ipam__config_item_is_dict = isinstance(data__ipam__config_item, dict)
                            if data__ipam__config_item_is_dict:
                                data__ipam__config_item_keys = set(data__ipam__config_item.keys())
                                if "subnet" in data__ipam__config_item_keys:
                                    data__ipam__config_item_keys.remove("subnet")
                                    data__ipam__config_item__subnet = data__ipam__config_item["subnet"]
                                    if not isinstance(data__ipam__config_item__subnet, (str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".ipam.config[{data__ipam__config_x}].subnet" + " must be string")
                                if "ip_range" in data__ipam__config_item_keys:
                                    data__ipam__config_item_keys.remove("ip_range")
                                    data__ipam__config_item__iprange = data__ipam__config_item["ip_range"]
                                    if not isinstance(data__ipam__config_item__iprange, (str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".ipam.config[{data__ipam__config_x}].ip_range" + " must be string")
                                if "gateway" in data__ipam__config_item_keys:
                                    data__ipam__config_item_keys.remove("gateway")
                                    data__ipam__config_item__gateway = data__ipam__config_item["gateway"]
                                    if not isinstance(data__ipam__config_item__gateway, (str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".ipam.config[{data__ipam__config_x}].gateway" + " must be string")
                                if "aux_addresses" in data__ipam__config_item_keys:
                                    data__ipam__config_item_keys.remove("aux_addresses")
                                    data__ipam__config_item__auxaddresses = data__ipam__config_item["aux_addresses"]
                                    if not isinstance(data__ipam__config_item__auxaddresses, (dict)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".ipam.config[{data__ipam__config_x}].aux_addresses" + " must be object")
                                    data__ipam__config_item__auxaddresses_is_dict = isinstance(data__ipam__config_item__auxaddresses, dict)
                                    if data__ipam__config_item__auxaddresses_is_dict:
                                        data__ipam__config_item__auxaddresses_keys = set(data__ipam__config_item__auxaddresses.keys())
                                        for data__ipam__config_item__auxaddresses_key, data__ipam__config_item__auxaddresses_val in data__ipam__config_item__auxaddresses.items():
                                            if REGEX_PATTERNS['^.+$'].search(data__ipam__config_item__auxaddresses_key):
                                                if data__ipam__config_item__auxaddresses_key in data__ipam__config_item__auxaddresses_keys:
                                                    data__ipam__config_item__auxaddresses_keys.remove(data__ipam__config_item__auxaddresses_key)
                                                if not isinstance(data__ipam__config_item__auxaddresses_val, (str)):
                                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".ipam.config[{data__ipam__config_x}].aux_addresses.{data__ipam__config_item__auxaddresses_key}" + " must be string")
                                        if data__ipam__config_item__auxaddresses_keys:
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".ipam.config[{data__ipam__config_x}].aux_addresses" + " must not contain "+str(data__ipam__config_item__auxaddresses_keys)+" properties")
                                for data__ipam__config_item_key, data__ipam__config_item_val in data__ipam__config_item.items():
                                    if REGEX_PATTERNS['^x-'].search(data__ipam__config_item_key):
                                        if data__ipam__config_item_key in data__ipam__config_item_keys:
                                            data__ipam__config_item_keys.remove(data__ipam__config_item_key)
                                if data__ipam__config_item_keys:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".ipam.config[{data__ipam__config_x}]" + " must not contain "+str(data__ipam__config_item_keys)+" properties")
                if "options" in data__ipam_keys:
                    data__ipam_keys.remove("options")
                    data__ipam__options = data__ipam["options"]
                    if not isinstance(data__ipam__options, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".ipam.options must be object")
                    data__ipam__options_is_dict = isinstance(data__ipam__options, dict)
                    if data__ipam__options_is_dict:
                        data__ipam__options_keys = set(data__ipam__options.keys())
                        for data__ipam__options_key, data__ipam__options_val in data__ipam__options.items():
                            if REGEX_PATTERNS['^.+$'].search(data__ipam__options_key):
                                if data__ipam__options_key in data__ipam__options_keys:
                                    data__ipam__options_keys.remove(data__ipam__options_key)
                                if not isinstance(data__ipam__options_val, (str)):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".ipam.options.{data__ipam__options_key}" + " must be string")
                        if data__ipam__options_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".ipam.options must not contain "+str(data__ipam__options_keys)+" properties")
                for data__ipam_key, data__ipam_val in data__ipam.items():
                    if REGEX_PATTERNS['^x-'].search(data__ipam_key):
                        if data__ipam_key in data__ipam_keys:
                            data__ipam_keys.remove(data__ipam_key)
                if data__ipam_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".ipam must not contain "+str(data__ipam_keys)+" properties")
        if "external" in data_keys:
            data_keys.remove("external")
            data__external = data["external"]
            if not isinstance(data__external, (bool, str, dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".external must be boolean or string or object")
            data__external_is_dict = isinstance(data__external, dict)
            if data__external_is_dict:
                data__external_keys = set(data__external.keys())
                if "name" in data__external_keys:
                    data__external_keys.remove("name")
                    data__external__name = data__external["name"]
                    if not isinstance(data__external__name, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".external.name must be string")
                for data__external_key, data__external_val in data__external.items():
                    if REGEX_PATTERNS['^x-'].search(data__external_key):
                        if data__external_key in data__external_keys:
                            data__external_keys.remove(data__external_key)
                if data__external_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".external must not contain "+str(data__external_keys)+" properties")
        if "internal" in data_keys:
            data_keys.remove("internal")
            data__internal = data["internal"]
            if not isinstance(data__internal, (bool, str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".internal must be boolean or string")
        if "enable_ipv4" in data_keys:
            data_keys.remove("enable_ipv4")
            data__enableipv4 = data["enable_ipv4"]
            if not isinstance(data__enableipv4, (bool, str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".enable_ipv4 must be boolean or string")
        if "enable_ipv6" in data_keys:
            data_keys.remove("enable_ipv6")
            data__enableipv6 = data["enable_ipv6"]
            if not isinstance(data__enableipv6, (bool, str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".enable_ipv6 must be boolean or string")
        if "attachable" in data_keys:
            data_keys.remove("attachable")
            data__attachable = data["attachable"]
            if not isinstance(data__attachable, (bool, str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".attachable must be boolean or string")
        if "labels" in data_keys:
            data_keys.remove("labels")
            data__labels = data["labels"]
            validate_compose_spec_json__definitions_list_or_dict(data__labels, custom_formats, (name_prefix or "data") + ".labels")
        for data_key, data_val in data.items():
            if REGEX_PATTERNS['^x-'].search(data_key):
                if data_key in data_keys:
                    data_keys.remove(data_key)
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate_compose_spec_json__definitions_model(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['model']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "name" in data_keys:
            data_keys.remove("name")
            data__name = data["name"]
            if not isinstance(data__name, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".name must be string")
        if "model" in data_keys:
            data_keys.remove("model")
            data__model = data["model"]
            if not isinstance(data__model, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".model must be string")
        if "context_size" in data_keys:
            data_keys.remove("context_size")
            data__contextsize = data["context_size"]
            if not isinstance(data__contextsize, (int)) and not (isinstance(data__contextsize, float) and data__contextsize.is_integer()) or isinstance(data__contextsize, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".context_size must be integer")
        if "runtime_flags" in data_keys:
            data_keys.remove("runtime_flags")
            data__runtimeflags = data["runtime_flags"]
            if not isinstance(data__runtimeflags, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".runtime_flags must be array")
            data__runtimeflags_is_list = isinstance(data__runtimeflags, (list, tuple))
            if data__runtimeflags_is_list:
                data__runtimeflags_len = len(data__runtimeflags)
                for data__runtimeflags_x, data__runtimeflags_item in enumerate(data__runtimeflags):
                    if not isinstance(data__runtimeflags_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".runtime_flags[{data__runtimeflags_x}]" + " must be string")
        for data_key, data_val in data.items():
            if REGEX_PATTERNS['^x-'].search(data_key):
                if data_key in data_keys:
                    data_keys.remove(data_key)
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate_compose_spec_json__definitions_service(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "develop" in data_keys:
            data_keys.remove("develop")
            data__develop = data["develop"]
            validate_compose_spec_json__definitions_development(data__develop, custom_formats, (name_prefix or "data") + ".develop")
        if "deploy" in data_keys:
            data_keys.remove("deploy")
            data__deploy = data["deploy"]
            validate_compose_spec_json__definitions_deployment(data__deploy, custom_formats, (name_prefix or "data") + ".deploy")
        if "annotations" in data_keys:
            data_keys.remove("annotations")
            data__annotations = data["annotations"]
            validate_compose_spec_json__definitions_list_or_dict(data__annotations, custom_formats, (name_prefix or "data") + ".annotations")
        if "attach" in data_keys:
            data_keys.remove("attach")
            data__attach = data["attach"]
            if not isinstance(data__attach, (bool, str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".attach must be boolean or string")
        if "build" in data_keys:
            data_keys.remove("build")
            data__build = data["build"]
            data__build_one_of_count2 = 0
            if data__build_one_of_count2 < 2:
                try:
                    if not isinstance(data__build, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".build must be string")
                    data__build_one_of_count2 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if data__build_one_of_count2 < 2:
                try:
                    if not isinstance(data__build, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".build must be object")
                    data__build_is_dict = isinstance(data__build, dict)
                    if data__build_is_dict:
                        data__build_keys = set(data__build.keys())
                        if "context" in data__build_keys:
                            data__build_keys.remove("context")
                            data__build__context = data__build["context"]
                            if not isinstance(data__build__context, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".build.context must be string")
                        if "dockerfile" in data__build_keys:
                            data__build_keys.remove("dockerfile")
                            data__build__dockerfile = data__build["dockerfile"]
                            if not isinstance(data__build__dockerfile, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".build.dockerfile must be string")
                        if "dockerfile_inline" in data__build_keys:
                            data__build_keys.remove("dockerfile_inline")
                            data__build__dockerfileinline = data__build["dockerfile_inline"]
                            if not isinstance(data__build__dockerfileinline, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".build.dockerfile_inline must be string")
                        if "entitlements" in data__build_keys:
                            data__build_keys.remove("entitlements")
                            data__build__entitlements = data__build["entitlements"]
                            if not isinstance(data__build__entitlements, (list, tuple)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".build.entitlements must be array")
                            data__build__entitlements_is_list = isinstance(data__build__entitlements, (list, tuple))
                            if data__build__entitlements_is_list:
                                data__build__entitlements_len = len(data__build__entitlements)
                                for data__build__entitlements_x, data__build__entitlements_item in enumerate(data__build__entitlements):
                                    if not isinstance(data__build__entitlements_item, (str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".build.entitlements[{data__build__entitlements_x}]" + " must be string")
                        if "args" in data__build_keys:
                            data__build_keys.remove("args")
                            data__build__args = data__build["args"]
                            validate_compose_spec_json__definitions_list_or_dict(data__build__args, custom_formats, (name_prefix or "data") + ".build.args")
                        if "ssh" in data__build_keys:
                            data__build_keys.remove("ssh")
                            data__build__ssh = data__build["ssh"]
                            validate_compose_spec_json__definitions_list_or_dict(data__build__ssh, custom_formats, (name_prefix or "data") + ".build.ssh")
                        if "labels" in data__build_keys:
                            data__build_keys.remove("labels")
                            data__build__labels = data__build["labels"]
                            validate_compose_spec_json__definitions_list_or_dict(data__build__labels, custom_formats, (name_prefix or "data") + ".build.labels")
                        if "cache_from" in data__build_keys:
                            data__build_keys.remove("cache_from")
                            data__build__cachefrom = data__build["cache_from"]
                            if not isinstance(data__build__cachefrom, (list, tuple)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".build.cache_from must be array")
                            data__build__cachefrom_is_list = isinstance(data__build__cachefrom, (list, tuple))
                            if data__build__cachefrom_is_list:
                                data__build__cachefrom_len = len(data__build__cachefrom)
                                for data__build__cachefrom_x, data__build__cachefrom_item in enumerate(data__build__cachefrom):
                                    if not isinstance(data__build__cachefrom_item, (str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".build.cache_from[{data__build__cachefrom_x}]" + " must be string")
                        if "cache_to" in data__build_keys:
                            data__build_keys.remove("cache_to")
                            data__build__cacheto = data__build["cache_to"]
                            if not isinstance(data__build__cacheto, (list, tuple)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".build.cache_to must be array")
                            data__build__cacheto_is_list = isinstance(data__build__cacheto, (list, tuple))
                            if data__build__cacheto_is_list:
                                data__build__cacheto_len = len(data__build__cacheto)
                                for data__build__cacheto_x, data__build__cacheto_item in enumerate(data__build__cacheto):
                                    if not isinstance(data__build__cacheto_item, (str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".build.cache_to[{data__build__cacheto_x}]" + " must be string")
                        if "no_cache" in data__build_keys:
                            data__build_keys.remove("no_cache")
                            data__build__nocache = data__build["no_cache"]
                            if not isinstance(data__build__nocache, (bool, str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".build.no_cache must be boolean or string")
                        if "additional_contexts" in data__build_keys:
                            data__build_keys.remove("additional_contexts")
                            data__build__additionalcontexts = data__build["additional_contexts"]
                            validate_compose_spec_json__definitions_list_or_dict(data__build__additionalcontexts, custom_formats, (name_prefix or "data") + ".build.additional_contexts")
                        if "network" in data__build_keys:
                            data__build_keys.remove("network")
                            data__build__network = data__build["network"]
                            if not isinstance(data__build__network, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".build.network must be string")
                        if "provenance" in data__build_keys:
                            data__build_keys.remove("provenance")
                            data__build__provenance = data__build["provenance"]
                            if not isinstance(data__build__provenance, (str, bool)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".build.provenance must be string or boolean")
                        if "sbom" in data__build_keys:
                            data__build_keys.remove("sbom")
                            data__build__sbom = data__build["sbom"]
                            if not isinstance(data__build__sbom, (str, bool)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".build.sbom must be string or boolean")
                        if "pull" in data__build_keys:
                            data__build_keys.remove("pull")
                            data__build__pull = data__build["pull"]
                            if not isinstance(data__build__pull, (bool, str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".build.pull must be boolean or string")
                        if "target" in data__build_keys:
                            data__build_keys.remove("target")
                            data__build__target = data__build["target"]
                            if not isinstance(data__build__target, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".build.target must be string")
                        if "shm_size" in data__build_keys:
                            data__build_keys.remove("shm_size")
                            data__build__shmsize = data__build["shm_size"]
                            if not isinstance(data__build__shmsize, (int, str)) and not (isinstance(data__build__shmsize, float) and data__build__shmsize.is_integer()) or isinstance(data__build__shmsize, bool):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".build.shm_size must be integer or string")
                        if "extra_hosts" in data__build_keys:
                            data__build_keys.remove("extra_hosts")
                            data__build__extrahosts = data__build["extra_hosts"]
                            validate_compose_spec_json__definitions_extra_hosts(data__build__extrahosts, custom_formats, (name_prefix or "data") + ".build.extra_hosts")
                        if "isolation" in data__build_keys:
                            data__build_keys.remove("isolation")
                            data__build__isolation = data__build["isolation"]
                            if not isinstance(data__build__isolation, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".build.isolation must be string")
                        if "privileged" in data__build_keys:
                            data__build_keys.remove("privileged")
                            data__build__privileged = data__build["privileged"]
                            if not isinstance(data__build__privileged, (bool, str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".build.privileged must be boolean or string")
                        if "secrets" in data__build_keys:
                            data__build_keys.remove("secrets")
                            data__build__secrets = data__build["secrets"]
                            validate_compose_spec_json__definitions_service_config_or_secret(data__build__secrets, custom_formats, (name_prefix or "data") + ".build.secrets")
                        if "tags" in data__build_keys:
                            data__build_keys.remove("tags")
                            data__build__tags = data__build["tags"]
                            if not isinstance(data__build__tags, (list, tuple)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".build.tags must be array")
                            data__build__tags_is_list = isinstance(data__build__tags, (list, tuple))
                            if data__build__tags_is_list:
                                data__build__tags_len = len(data__build__tags)
                                for data__build__tags_x, data__build__tags_item in enumerate(data__build__tags):
                                    if not isinstance(data__build__tags_item, (str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".build.tags[{data__build__tags_x}]" + " must be string")
                        if "ulimits" in data__build_keys:
                            data__build_keys.remove("ulimits")
                            data__build__ulimits = data__build["ulimits"]
                            validate_compose_spec_json__definitions_ulimits(data__build__ulimits, custom_formats, (name_prefix or "data") + ".build.ulimits")
                        if "platforms" in data__build_keys:
                            data__build_keys.remove("platforms")
                            data__build__platforms = data__build["platforms"]
                            if not isinstance(data__build__platforms, (list, tuple)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".build.platforms must be array")
                            data__build__platforms_is_list = isinstance(data__build__platforms, (list, tuple))
                            if data__build__platforms_is_list:
                                data__build__platforms_len = len(data__build__platforms)
                                for data__build__platforms_x, data__build__platforms_item in enumerate(data__build__platforms):
                                    if not isinstance(data__build__platforms_item, (str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".build.platforms[{data__build__platforms_x}]" + " must be string")
                        for data__build_key, data__build_val in data__build.items():
                            if REGEX_PATTERNS['^x-'].search(data__build_key):
                                if data__build_key in data__build_keys:
                                    data__build_keys.remove(data__build_key)
                        if data__build_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".build must not contain "+str(data__build_keys)+" properties")
                    data__build_one_of_count2 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if data__build_one_of_count2 != 1:
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".build must be valid exactly by one definition")
        if "blkio_config" in data_keys:
            data_keys.remove("blkio_config")
            data__blkioconfig = data["blkio_config"]
            if not isinstance(data__blkioconfig, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".blkio_config must be object")
            data__blkioconfig_is_dict = isinstance(data__blkioconfig, dict)
            if data__blkioconfig_is_dict:
                data__blkioconfig_keys = set(data__blkioconfig.keys())
                if "device_read_bps" in data__blkioconfig_keys:
                    data__blkioconfig_keys.remove("device_read_bps")
                    data__blkioconfig__devicereadbps = data__blkioconfig["device_read_bps"]
                    if not isinstance(data__blkioconfig__devicereadbps, (list, tuple)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".blkio_config.device_read_bps must be array")
                    data__blkioconfig__devicereadbps_is_list = isinstance(data__blkioconfig__devicereadbps, (list, tuple))
                    if data__blkioconfig__devicereadbps_is_list:
                        data__blkioconfig__devicereadbps_len = len(data__blkioconfig__devicereadbps)
                        for data__blkioconfig__devicereadbps_x, data__blkioconfig__devicereadbps_item in enumerate(data__blkioconfig__devicereadbps):
                            validate_compose_spec_json__definitions_blkio_limit(data__blkioconfig__devicereadbps_item, custom_formats, (name_prefix or "data") + f".blkio_config.device_read_bps[{data__blkioconfig__devicereadbps_x}]")
                if "device_read_iops" in data__blkioconfig_keys:
                    data__blkioconfig_keys.remove("device_read_iops")
                    data__blkioconfig__devicereadiops = data__blkioconfig["device_read_iops"]
                    if not isinstance(data__blkioconfig__devicereadiops, (list, tuple)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".blkio_config.device_read_iops must be array")
                    data__blkioconfig__devicereadiops_is_list = isinstance(data__blkioconfig__devicereadiops, (list, tuple))
                    if data__blkioconfig__devicereadiops_is_list:
                        data__blkioconfig__devicereadiops_len = len(data__blkioconfig__devicereadiops)
                        for data__blkioconfig__devicereadiops_x, data__blkioconfig__devicereadiops_item in enumerate(data__blkioconfig__devicereadiops):
                            validate_compose_spec_json__definitions_blkio_limit(data__blkioconfig__devicereadiops_item, custom_formats, (name_prefix or "data") + f".blkio_config.device_read_iops[{data__blkioconfig__devicereadiops_x}]")
                if "device_write_bps" in data__blkioconfig_keys:
                    data__blkioconfig_keys.remove("device_write_bps")
                    data__blkioconfig__devicewritebps = data__blkioconfig["device_write_bps"]
                    if not isinstance(data__blkioconfig__devicewritebps, (list, tuple)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".blkio_config.device_write_bps must be array")
                    data__blkioconfig__devicewritebps_is_list = isinstance(data__blkioconfig__devicewritebps, (list, tuple))
                    if data__blkioconfig__devicewritebps_is_list:
                        data__blkioconfig__devicewritebps_len = len(data__blkioconfig__devicewritebps)
                        for data__blkioconfig__devicewritebps_x, data__blkioconfig__devicewritebps_item in enumerate(data__blkioconfig__devicewritebps):
                            validate_compose_spec_json__definitions_blkio_limit(data__blkioconfig__devicewritebps_item, custom_formats, (name_prefix or "data") + f".blkio_config.device_write_bps[{data__blkioconfig__devicewritebps_x}]")
                if "device_write_iops" in data__blkioconfig_keys:
                    data__blkioconfig_keys.remove("device_write_iops")
                    data__blkioconfig__devicewriteiops = data__blkioconfig["device_write_iops"]
                    if not isinstance(data__blkioconfig__devicewriteiops, (list, tuple)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".blkio_config.device_write_iops must be array")
                    data__blkioconfig__devicewriteiops_is_list = isinstance(data__blkioconfig__devicewriteiops, (list, tuple))
                    if data__blkioconfig__devicewriteiops_is_list:
                        data__blkioconfig__devicewriteiops_len = len(data__blkioconfig__devicewriteiops)
                        for data__blkioconfig__devicewriteiops_x, data__blkioconfig__devicewriteiops_item in enumerate(data__blkioconfig__devicewriteiops):
                            validate_compose_spec_json__definitions_blkio_limit(data__blkioconfig__devicewriteiops_item, custom_formats, (name_prefix or "data") + f".blkio_config.device_write_iops[{data__blkioconfig__devicewriteiops_x}]")
                if "weight" in data__blkioconfig_keys:
                    data__blkioconfig_keys.remove("weight")
                    data__blkioconfig__weight = data__blkioconfig["weight"]
                    if not isinstance(data__blkioconfig__weight, (int, str)) and not (isinstance(data__blkioconfig__weight, float) and data__blkioconfig__weight.is_integer()) or isinstance(data__blkioconfig__weight, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".blkio_config.weight must be integer or string")
                if "weight_device" in data__blkioconfig_keys:
                    data__blkioconfig_keys.remove("weight_device")
                    data__blkioconfig__weightdevice = data__blkioconfig["weight_device"]
                    if not isinstance(data__blkioconfig__weightdevice, (list, tuple)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".blkio_config.weight_device must be array")
                    data__blkioconfig__weightdevice_is_list = isinstance(data__blkioconfig__weightdevice, (list, tuple))
                    if data__blkioconfig__weightdevice_is_list:
                        data__blkioconfig__weightdevice_len = len(data__blkioconfig__weightdevice)
                        for data__blkioconfig__weightdevice_x, data__blkioconfig__weightdevice_item in enumerate(data__blkioconfig__weightdevice):
                            validate_compose_spec_json__definitions_blkio_weight(data__blkioconfig__weightdevice_item, custom_formats, (name_prefix or "data") + f".blkio_config.weight_device[{data__blkioconfig__weightdevice_x}]")
                if data__blkioconfig_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".blkio_config must not contain "+str(data__blkioconfig_keys)+" properties")
        if "cap_add" in data_keys:
            data_keys.remove("cap_add")
            data__capadd = data["cap_add"]
            if not isinstance(data__capadd, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".cap_add must be array")
            data__capadd_is_list = isinstance(data__capadd, (list, tuple))
            if data__capadd_is_list:
                def fn(var): return frozenset(dict((k, fn(v)) for k, v in var.items()).items()) if hasattr(var, "items") else tuple(fn(v) for v in var) if isinstance(var, (dict, list)) else (bool, var) if isinstance(var, bool) else var
                data__capadd_len = len(data__capadd)
                if data__capadd_len > len(set(fn(data__capadd_x) for data__capadd_x in data__capadd)):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".cap_add must contain unique items")
                for data__capadd_x, data__capadd_item in enumerate(data__capadd):
                    if not isinstance(data__capadd_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".cap_add[{data__capadd_x}]" + " must be string")
        if "cap_drop" in data_keys:
            data_keys.remove("cap_drop")
            data__capdrop = data["cap_drop"]
            if not isinstance(data__capdrop, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".cap_drop must be array")
            data__capdrop_is_list = isinstance(data__capdrop, (list, tuple))
            if data__capdrop_is_list:
                def fn(var): return frozenset(dict((k, fn(v)) for k, v in var.items()).items()) if hasattr(var, "items") else tuple(fn(v) for v in var) if isinstance(var, (dict, list)) else (bool, var) if isinstance(var, bool) else var
                data__capdrop_len = len(data__capdrop)
                if data__capdrop_len > len(set(fn(data__capdrop_x) for data__capdrop_x in data__capdrop)):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".cap_drop must contain unique items")
                for data__capdrop_x, data__capdrop_item in enumerate(data__capdrop):
                    if not isinstance(data__capdrop_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".cap_drop[{data__capdrop_x}]" + " must be string")
        if "cgroup" in data_keys:
            data_keys.remove("cgroup")
            data__cgroup = data["cgroup"]
            if not isinstance(data__cgroup, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".cgroup must be string")
            if not (isinstance(data__cgroup, str) and data__cgroup == 'host' or isinstance(data__cgroup, str) and data__cgroup == 'private'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".cgroup must be one of ['host', 'private']")
        if "cgroup_parent" in data_keys:
            data_keys.remove("cgroup_parent")
            data__cgroupparent = data["cgroup_parent"]
            if not isinstance(data__cgroupparent, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".cgroup_parent must be string")
        if "command" in data_keys:
            data_keys.remove("command")
            data__command = data["command"]
            validate_compose_spec_json__definitions_command(data__command, custom_formats, (name_prefix or "data") + ".command")
        if "configs" in data_keys:
            data_keys.remove("configs")
            data__configs = data["configs"]
            validate_compose_spec_json__definitions_service_config_or_secret(data__configs, custom_formats, (name_prefix or "data") + ".configs")
        if "container_name" in data_keys:
            data_keys.remove("container_name")
            data__containername = data["container_name"]
            if not isinstance(data__containername, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".container_name must be string")
            if isinstance(data__containername, str):
                if not REGEX_PATTERNS['[a-zA-Z0-9][a-zA-Z0-9_.-]+'].search(data__containername):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".container_name must match pattern [a-zA-Z0-9][a-zA-Z0-9_.-]+")
        if "cpu_count" in data_keys:
            data_keys.remove("cpu_count")
            data__cpucount = data["cpu_count"]
            data__cpucount_one_of_count3 = 0
            if data__cpucount_one_of_count3 < 2:
                try:
                    if not isinstance(data__cpucount, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".cpu_count must be string")
                    data__cpucount_one_of_count3 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if data__cpucount_one_of_count3 < 2:
                try:
                    if not isinstance(data__cpucount, (int)) and not (isinstance(data__cpucount, float) and data__cpucount.is_integer()) or isinstance(data__cpucount, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".cpu_count must be integer")
                    if isinstance(data__cpucount, (int, float, Decimal)) and not isinstance(data__cpucount, bool):
                        if data__cpucount < 0:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".cpu_count must be bigger than or equal to 0")
                    data__cpucount_one_of_count3 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if data__cpucount_one_of_count3 != 1:
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".cpu_count must be valid exactly by one definition")
        if "cpu_percent" in data_keys:
            data_keys.remove("cpu_percent")
            data__cpupercent = data["cpu_percent"]
            data__cpupercent_one_of_count4 = 0
            if data__cpupercent_one_of_count4 < 2:
                try:
                    if not isinstance(data__cpupercent, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".cpu_percent must be string")
                    data__cpupercent_one_of_count4 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if data__cpupercent_one_of_count4 < 2:
                try:
                    if not isinstance(data__cpupercent, (int)) and not (isinstance(data__cpupercent, float) and data__cpupercent.is_integer()) or isinstance(data__cpupercent, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".cpu_percent must be integer")
                    if isinstance(data__cpupercent, (int, float, Decimal)) and not isinstance(data__cpupercent, bool):
                        if data__cpupercent < 0:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".cpu_percent must be bigger than or equal to 0")
                        if data__cpupercent > 100:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".cpu_percent must be smaller than or equal to 100")
                    data__cpupercent_one_of_count4 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if data__cpupercent_one_of_count4 != 1:
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".cpu_percent must be valid exactly by one definition")
        if "cpu_shares" in data_keys:
            data_keys.remove("cpu_shares")
            data__cpushares = data["cpu_shares"]
            if not isinstance(data__cpushares, (int, float, Decimal, str)) or isinstance(data__cpushares, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".cpu_shares must be number or string")
        if "cpu_quota" in data_keys:
            data_keys.remove("cpu_quota")
            data__cpuquota = data["cpu_quota"]
            if not isinstance(data__cpuquota, (int, float, Decimal, str)) or isinstance(data__cpuquota, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".cpu_quota must be number or string")
        if "cpu_period" in data_keys:
            data_keys.remove("cpu_period")
            data__cpuperiod = data["cpu_period"]
            if not isinstance(data__cpuperiod, (int, float, Decimal, str)) or isinstance(data__cpuperiod, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".cpu_period must be number or string")
        if "cpu_rt_period" in data_keys:
            data_keys.remove("cpu_rt_period")
            data__cpurtperiod = data["cpu_rt_period"]
            if not isinstance(data__cpurtperiod, (int, float, Decimal, str)) or isinstance(data__cpurtperiod, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".cpu_rt_period must be number or string")
        if "cpu_rt_runtime" in data_keys:
            data_keys.remove("cpu_rt_runtime")
            data__cpurtruntime = data["cpu_rt_runtime"]
            if not isinstance(data__cpurtruntime, (int, float, Decimal, str)) or isinstance(data__cpurtruntime, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".cpu_rt_runtime must be number or string")
        if "cpus" in data_keys:
            data_keys.remove("cpus")
            data__cpus = data["cpus"]
            if not isinstance(data__cpus, (int, float, Decimal, str)) or isinstance(data__cpus, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".cpus must be number or string")
        if "cpuset" in data_keys:
            data_keys.remove("cpuset")
            data__cpuset = data["cpuset"]
            if not isinstance(data__cpuset, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".cpuset must be string")
        if "credential_spec" in data_keys:
            data_keys.remove("credential_spec")
            data__credentialspec = data["credential_spec"]
            if not isinstance(data__credentialspec, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".credential_spec must be object")
            data__credentialspec_is_dict = isinstance(data__credentialspec, dict)
            if data__credentialspec_is_dict:
                data__credentialspec_keys = set(data__credentialspec.keys())
                if "config" in data__credentialspec_keys:
                    data__credentialspec_keys.remove("config")
                    data__credentialspec__config = data__credentialspec["config"]
                    if not isinstance(data__credentialspec__config, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".credential_spec.config must be string")
                if "file" in data__credentialspec_keys:
                    data__credentialspec_keys.remove("file")
                    data__credentialspec__file = data__credentialspec["file"]
                    if not isinstance(data__credentialspec__file, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".credential_spec.file must be string")
                if "registry" in data__credentialspec_keys:
                    data__credentialspec_keys.remove("registry")
                    data__credentialspec__registry = data__credentialspec["registry"]
                    if not isinstance(data__credentialspec__registry, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".credential_spec.registry must be string")
                for data__credentialspec_key, data__credentialspec_val in data__credentialspec.items():
                    if REGEX_PATTERNS['^x-'].search(data__credentialspec_key):
                        if data__credentialspec_key in data__credentialspec_keys:
                            data__credentialspec_keys.remove(data__credentialspec_key)
                if data__credentialspec_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".credential_spec must not contain "+str(data__credentialspec_keys)+" properties")
        if "depends_on" in data_keys:
            data_keys.remove("depends_on")
            data__dependson = data["depends_on"]
            data__dependson_one_of_count5 = 0
            if data__dependson_one_of_count5 < 2:
                try:
                    validate_compose_spec_json__definitions_list_of_strings(data__dependson, custom_formats, (name_prefix or "data") + ".depends_on")
                    data__dependson_one_of_count5 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if data__dependson_one_of_count5 < 2:
                try:
                    if not isinstance(data__dependson, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".depends_on must be object")
                    data__dependson_is_dict = isinstance(data__dependson, dict)
                    if data__dependson_is_dict:
                        data__dependson_keys = set(data__dependson.keys())
                        for data__dependson_key, data__dependson_val in data__dependson.items():
                            if REGEX_PATTERNS['^[a-zA-Z0-9._-]+$'].search(data__dependson_key):
                                if data__dependson_key in data__dependson_keys:
                                    data__dependson_keys.remove(data__dependson_key)
                                if not isinstance(data__dependson_val, (dict)):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".depends_on.{data__dependson_key}" + " must be object")
                                data__dependson_val_is_dict = isinstance(data__dependson_val, dict)
                                if data__dependson_val_is_dict:
                                    data__dependson_val__missing_keys = set(['condition']) - data__dependson_val.keys()
                                    if data__dependson_val__missing_keys:
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".depends_on.{data__dependson_key}" + " must contain ")
                                    data__dependson_val_keys = set(data__dependson_val.keys())
                                    if "restart" in data__dependson_val_keys:
                                        data__dependson_val_keys.remove("restart")
                                        data__dependson_val__restart = data__dependson_val["restart"]
                                        if not isinstance(data__dependson_val__restart, (bool, str)):
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".depends_on.{data__dependson_key}.restart" + " must be boolean or string")
                                    if "required" in data__dependson_val_keys:
                                        data__dependson_val_keys.remove("required")
                                        data__dependson_val__required = data__dependson_val["required"]
                                        if not isinstance(data__dependson_val__required, (bool)):
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".depends_on.{data__dependson_key}.required" + " must be boolean")
                                    if "condition" in data__dependson_val_keys:
                                        data__dependson_val_keys.remove("condition")
                                        data__dependson_val__condition = data__dependson_val["condition"]
                                        if not isinstance(data__dependson_val__condition, (str)):
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".depends_on.{data__dependson_key}.condition" + " must be string")
                                        if not (isinstance(data__dependson_val__condition, str) and data__dependson_val__condition == 'service_started' or isinstance(data__dependson_val__condition, str) and data__dependson_val__condition == 'service_healthy' or isinstance(data__dependson_val__condition, str) and data__dependson_val__condition == 'service_completed_successfully'):
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".depends_on.{data__dependson_key}.condition" + " must be one of ['service_started', 'service_healthy', 'service_completed_successfully']")
                                    for data__dependson_val_key, data__dependson_val_val in data__dependson_val.items():
                                        if REGEX_PATTERNS['^x-'].search(data__dependson_val_key):
                                            if data__dependson_val_key in data__dependson_val_keys:
                                                data__dependson_val_keys.remove(data__dependson_val_key)
                                    if data__dependson_val_keys:
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".depends_on.{data__dependson_key}" + " must not contain "+str(data__dependson_val_keys)+" properties")
                        if data__dependson_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".depends_on must not contain "+str(data__dependson_keys)+" properties")
                    data__dependson_one_of_count5 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if data__dependson_one_of_count5 != 1:
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".depends_on must be valid exactly by one definition")
        if "device_cgroup_rules" in data_keys:
            data_keys.remove("device_cgroup_rules")
            data__devicecgrouprules = data["device_cgroup_rules"]
            validate_compose_spec_json__definitions_list_of_strings(data__devicecgrouprules, custom_formats, (name_prefix or "data") + ".device_cgroup_rules")
        if "devices" in data_keys:
            data_keys.remove("devices")
            data__devices = data["devices"]
            if not isinstance(data__devices, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".devices must be array")
            data__devices_is_list = isinstance(data__devices, (list, tuple))
            if data__devices_is_list:
                data__devices_len = len(data__devices)
                for data__devices_x, data__devices_item in enumerate(data__devices):
                    data__devices_item_one_of_count6 = 0
                    if data__devices_item_one_of_count6 < 2:
                        try:
                            if not isinstance(data__devices_item, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".devices[{data__devices_x}]" + " must be string")
                            data__devices_item_one_of_count6 += 1
                        except (JsonSchemaValueException, JsonSchemaValuesException): pass
                    if data__devices_item_one_of_count6 < 2:
                        try:
                            if not isinstance(data__devices_item, (dict)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".devices[{data__devices_x}]" + " must be object")
                            data__devices_item_is_dict = isinstance(data__devices_item, dict)
                            if data__devices_item_is_dict:
                                data__devices_item__missing_keys = set(['source']) - data__devices_item.keys()
                                if data__devices_item__missing_keys:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".devices[{data__devices_x}]" + " must contain ")
                                data__devices_item_keys = set(data__devices_item.keys())
                                if "source" in data__devices_item_keys:
                                    data__devices_item_keys.remove("source")
                                    data__devices_item__source = data__devices_item["source"]
                                    if not isinstance(data__devices_item__source, (str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".devices[{data__devices_x}].source" + " must be string")
                                if "target" in data__devices_item_keys:
                                    data__devices_item_keys.remove("target")
                                    data__devices_item__target = data__devices_item["target"]
                                    if not isinstance(data__devices_item__target, (str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".devices[{data__devices_x}].target" + " must be string")
                                if "permissions" in data__devices_item_keys:
                                    data__devices_item_keys.remove("permissions")
                                    data__devices_item__permissions = data__devices_item["permissions"]
                                    if not isinstance(data__devices_item__permissions, (str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".devices[{data__devices_x}].permissions" + " must be string")
                                for data__devices_item_key, data__devices_item_val in data__devices_item.items():
                                    if REGEX_PATTERNS['^x-'].search(data__devices_item_key):
                                        if data__devices_item_key in data__devices_item_keys:
                                            data__devices_item_keys.remove(data__devices_item_key)
                                if data__devices_item_keys:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".devices[{data__devices_x}]" + " must not contain "+str(data__devices_item_keys)+" properties")
                            data__devices_item_one_of_count6 += 1
                        except (JsonSchemaValueException, JsonSchemaValuesException): pass
                    if data__devices_item_one_of_count6 != 1:
                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".devices[{data__devices_x}]" + " must be valid exactly by one definition")
        if "dns" in data_keys:
            data_keys.remove("dns")
            data__dns = data["dns"]
            validate_compose_spec_json__definitions_string_or_list(data__dns, custom_formats, (name_prefix or "data") + ".dns")
        if "dns_opt" in data_keys:
            data_keys.remove("dns_opt")
            data__dnsopt = data["dns_opt"]
            if not isinstance(data__dnsopt, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".dns_opt must be array")
            data__dnsopt_is_list = isinstance(data__dnsopt, (list, tuple))
            if data__dnsopt_is_list:
                def fn(var): return frozenset(dict((k, fn(v)) for k, v in var.items()).items()) if hasattr(var, "items") else tuple(fn(v) for v in var) if isinstance(var, (dict, list)) else (bool, var) if isinstance(var, bool) else var
                data__dnsopt_len = len(data__dnsopt)
                if data__dnsopt_len > len(set(fn(data__dnsopt_x) for data__dnsopt_x in data__dnsopt)):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".dns_opt must contain unique items")
                for data__dnsopt_x, data__dnsopt_item in enumerate(data__dnsopt):
                    if not isinstance(data__dnsopt_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".dns_opt[{data__dnsopt_x}]" + " must be string")
        if "dns_search" in data_keys:
            data_keys.remove("dns_search")
            data__dnssearch = data["dns_search"]
            validate_compose_spec_json__definitions_string_or_list(data__dnssearch, custom_formats, (name_prefix or "data") + ".dns_search")
        if "domainname" in data_keys:
            data_keys.remove("domainname")
            data__domainname = data["domainname"]
            if not isinstance(data__domainname, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".domainname must be string")
        if "entrypoint" in data_keys:
            data_keys.remove("entrypoint")
            data__entrypoint = data["entrypoint"]
            validate_compose_spec_json__definitions_command(data__entrypoint, custom_formats, (name_prefix or "data") + ".entrypoint")
        if "env_file" in data_keys:
            data_keys.remove("env_file")
            data__envfile = data["env_file"]
            validate_compose_spec_json__definitions_env_file(data__envfile, custom_formats, (name_prefix or "data") + ".env_file")
        if "label_file" in data_keys:
            data_keys.remove("label_file")
            data__labelfile = data["label_file"]
            validate_compose_spec_json__definitions_label_file(data__labelfile, custom_formats, (name_prefix or "data") + ".label_file")
        if "environment" in data_keys:
            data_keys.remove("environment")
            data__environment = data["environment"]
            validate_compose_spec_json__definitions_list_or_dict(data__environment, custom_formats, (name_prefix or "data") + ".environment")
        if "expose" in data_keys:
            data_keys.remove("expose")
            data__expose = data["expose"]
            if not isinstance(data__expose, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".expose must be array")
            data__expose_is_list = isinstance(data__expose, (list, tuple))
            if data__expose_is_list:
                def fn(var): return frozenset(dict((k, fn(v)) for k, v in var.items()).items()) if hasattr(var, "items") else tuple(fn(v) for v in var) if isinstance(var, (dict, list)) else (bool, var) if isinstance(var, bool) else var
                data__expose_len = len(data__expose)
                if data__expose_len > len(set(fn(data__expose_x) for data__expose_x in data__expose)):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".expose must contain unique items")
                for data__expose_x, data__expose_item in enumerate(data__expose):
                    if not isinstance(data__expose_item, (str, int, float, Decimal)) or isinstance(data__expose_item, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".expose[{data__expose_x}]" + " must be string or number")
        if "extends" in data_keys:
            data_keys.remove("extends")
            data__extends = data["extends"]
            data__extends_one_of_count7 = 0
            if data__extends_one_of_count7 < 2:
                try:
                    if not isinstance(data__extends, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".extends must be string")
                    data__extends_one_of_count7 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if data__extends_one_of_count7 < 2:
                try:
                    if not isinstance(data__extends, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".extends must be object")
                    data__extends_is_dict = isinstance(data__extends, dict)
                    if data__extends_is_dict:
                        data__extends__missing_keys = set(['service']) - data__extends.keys()
                        if data__extends__missing_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".extends must contain ")
                        data__extends_keys = set(data__extends.keys())
                        if "service" in data__extends_keys:
                            data__extends_keys.remove("service")
                            data__extends__service = data__extends["service"]
                            if not isinstance(data__extends__service, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".extends.service must be string")
                        if "file" in data__extends_keys:
                            data__extends_keys.remove("file")
                            data__extends__file = data__extends["file"]
                            if not isinstance(data__extends__file, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".extends.file must be string")
                        if data__extends_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".extends must not contain "+str(data__extends_keys)+" properties")
                    data__extends_one_of_count7 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if data__extends_one_of_count7 != 1:
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".extends must be valid exactly by one definition")
        if "provider" in data_keys:
            data_keys.remove("provider")
            data__provider = data["provider"]
            if not isinstance(data__provider, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".provider must be object")
            data__provider_is_dict = isinstance(data__provider, dict)
            if data__provider_is_dict:
                data__provider__missing_keys = set(['type']) - data__provider.keys()
                if data__provider__missing_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".provider must contain ")
                data__provider_keys = set(data__provider.keys())
                if "type" in data__provider_keys:
                    data__provider_keys.remove("type")
                    data__provider__type = data__provider["type"]
                    if not isinstance(data__provider__type, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".provider.type must be string")
                if "options" in data__provider_keys:
                    data__provider_keys.remove("options")
                    data__provider__options = data__provider["options"]
                    if not isinstance(data__provider__options, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".provider.options must be object")
                    data__provider__options_is_dict = isinstance(data__provider__options, dict)
                    if data__provider__options_is_dict:
                        data__provider__options_keys = set(data__provider__options.keys())
                        for data__provider__options_key, data__provider__options_val in data__provider__options.items():
                            if REGEX_PATTERNS['^.+$'].search(data__provider__options_key):
                                if data__provider__options_key in data__provider__options_keys:
                                    data__provider__options_keys.remove(data__provider__options_key)
                                data__provider__options_val_one_of_count8 = 0
                                if data__provider__options_val_one_of_count8 < 2:
                                    try:
                                        if not isinstance(data__provider__options_val, (str, int, float, Decimal, bool)):
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".provider.options.{data__provider__options_key}" + " must be string or number or boolean")
                                        data__provider__options_val_one_of_count8 += 1
                                    except (JsonSchemaValueException, JsonSchemaValuesException): pass
                                if data__provider__options_val_one_of_count8 < 2:
                                    try:
                                        if not isinstance(data__provider__options_val, (list, tuple)):
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".provider.options.{data__provider__options_key}" + " must be array")
                                        data__provider__options_val_is_list = isinstance(data__provider__options_val, (list, tuple))
                                        if data__provider__options_val_is_list:
                                            data__provider__options_val_len = len(data__provider__options_val)
                                            for data__provider__options_val_x, data__provider__options_val_item in enumerate(data__provider__options_val):
                                                if not isinstance(data__provider__options_val_item, (str, int, float, Decimal, bool)):
                                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".provider.options.{data__provider__options_key}[{data__provider__options_val_x}]" + " must be string or number or boolean")
                                        data__provider__options_val_one_of_count8 += 1
                                    except (JsonSchemaValueException, JsonSchemaValuesException): pass
                                if data__provider__options_val_one_of_count8 != 1:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".provider.options.{data__provider__options_key}" + " must be valid exactly by one definition")
                for data__provider_key, data__provider_val in data__provider.items():
                    if REGEX_PATTERNS['^x-'].search(data__provider_key):
                        if data__provider_key in data__provider_keys:
                            data__provider_keys.remove(data__provider_key)
                if data__provider_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".provider must not contain "+str(data__provider_keys)+" properties")
        if "external_links" in data_keys:
            data_keys.remove("external_links")
            data__externallinks = data["external_links"]
            if not isinstance(data__externallinks, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".external_links must be array")
            data__externallinks_is_list = isinstance(data__externallinks, (list, tuple))
            if data__externallinks_is_list:
                def fn(var): return frozenset(dict((k, fn(v)) for k, v in var.items()).items()) if hasattr(var, "items") else tuple(fn(v) for v in var) if isinstance(var, (dict, list)) else (bool, var) if isinstance(var, bool) else var
                data__externallinks_len = len(data__externallinks)
                if data__externallinks_len > len(set(fn(data__externallinks_x) for data__externallinks_x in data__externallinks)):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".external_links must contain unique items")
                for data__externallinks_x, data__externallinks_item in enumerate(data__externallinks):
                    if not isinstance(data__externallinks_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".external_links[{data__externallinks_x}]" + " must be string")
        if "extra_hosts" in data_keys:
            data_keys.remove("extra_hosts")
            data__extrahosts = data["extra_hosts"]
            validate_compose_spec_json__definitions_extra_hosts(data__extrahosts, custom_formats, (name_prefix or "data") + ".extra_hosts")
        if "gpus" in data_keys:
            data_keys.remove("gpus")
            data__gpus = data["gpus"]
            validate_compose_spec_json__definitions_gpus(data__gpus, custom_formats, (name_prefix or "data") + ".gpus")
        if "group_add" in data_keys:
            data_keys.remove("group_add")
            data__groupadd = data["group_add"]
            if not isinstance(data__groupadd, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".group_add must be array")
            data__groupadd_is_list = isinstance(data__groupadd, (list, tuple))
            if data__groupadd_is_list:
                def fn(var): return frozenset(dict((k, fn(v)) for k, v in var.items()).items()) if hasattr(var, "items") else tuple(fn(v) for v in var) if isinstance(var, (dict, list)) else (bool, var) if isinstance(var, bool) else var
                data__groupadd_len = len(data__groupadd)
                if data__groupadd_len > len(set(fn(data__groupadd_x) for data__groupadd_x in data__groupadd)):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".group_add must contain unique items")
                for data__groupadd_x, data__groupadd_item in enumerate(data__groupadd):
                    if not isinstance(data__groupadd_item, (str, int, float, Decimal)) or isinstance(data__groupadd_item, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".group_add[{data__groupadd_x}]" + " must be string or number")
        if "healthcheck" in data_keys:
            data_keys.remove("healthcheck")
            data__healthcheck = data["healthcheck"]
            validate_compose_spec_json__definitions_healthcheck(data__healthcheck, custom_formats, (name_prefix or "data") + ".healthcheck")
        if "hostname" in data_keys:
            data_keys.remove("hostname")
            data__hostname = data["hostname"]
            if not isinstance(data__hostname, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".hostname must be string")
        if "image" in data_keys:
            data_keys.remove("image")
            data__image = data["image"]
            if not isinstance(data__image, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".image must be string")
        if "init" in data_keys:
            data_keys.remove("init")
            data__init = data["init"]
            if not isinstance(data__init, (bool, str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".init must be boolean or string")
        if "ipc" in data_keys:
            data_keys.remove("ipc")
            data__ipc = data["ipc"]
            if not isinstance(data__ipc, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".ipc must be string")
        if "isolation" in data_keys:
            data_keys.remove("isolation")
            data__isolation = data["isolation"]
            if not isinstance(data__isolation, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".isolation must be string")
        if "labels" in data_keys:
            data_keys.remove("labels")
            data__labels = data["labels"]
            validate_compose_spec_json__definitions_list_or_dict(data__labels, custom_formats, (name_prefix or "data") + ".labels")
        if "links" in data_keys:
            data_keys.remove("links")
            data__links = data["links"]
            if not isinstance(data__links, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".links must be array")
            data__links_is_list = isinstance(data__links, (list, tuple))
            if data__links_is_list:
                def fn(var): return frozenset(dict((k, fn(v)) for k, v in var.items()).items()) if hasattr(var, "items") else tuple(fn(v) for v in var) if isinstance(var, (dict, list)) else (bool, var) if isinstance(var, bool) else var
                data__links_len = len(data__links)
                if data__links_len > len(set(fn(data__links_x) for data__links_x in data__links)):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".links must contain unique items")
                for data__links_x, data__links_item in enumerate(data__links):
                    if not isinstance(data__links_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".links[{data__links_x}]" + " must be string")
        if "logging" in data_keys:
            data_keys.remove("logging")
            data__logging = data["logging"]
            if not isinstance(data__logging, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".logging must be object")
            data__logging_is_dict = isinstance(data__logging, dict)
            if data__logging_is_dict:
                data__logging_keys = set(data__logging.keys())
                if "driver" in data__logging_keys:
                    data__logging_keys.remove("driver")
                    data__logging__driver = data__logging["driver"]
                    if not isinstance(data__logging__driver, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".logging.driver must be string")
                if "options" in data__logging_keys:
                    data__logging_keys.remove("options")
                    data__logging__options = data__logging["options"]
                    if not isinstance(data__logging__options, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".logging.options must be object")
                    data__logging__options_is_dict = isinstance(data__logging__options, dict)
                    if data__logging__options_is_dict:
                        data__logging__options_keys = set(data__logging__options.keys())
                        for data__logging__options_key, data__logging__options_val in data__logging__options.items():
                            if REGEX_PATTERNS['^.+$'].search(data__logging__options_key):
                                if data__logging__options_key in data__logging__options_keys:
                                    data__logging__options_keys.remove(data__logging__options_key)
                                if not isinstance(data__logging__options_val, (str, int, float, Decimal, NoneType)) or isinstance(data__logging__options_val, bool):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".logging.options.{data__logging__options_key}" + " must be string or number or null")
                for data__logging_key, data__logging_val in data__logging.items():
                    if REGEX_PATTERNS['^x-'].search(data__logging_key):
                        if data__logging_key in data__logging_keys:
                            data__logging_keys.remove(data__logging_key)
                if data__logging_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".logging must not contain "+str(data__logging_keys)+" properties")
        if "mac_address" in data_keys:
            data_keys.remove("mac_address")
            data__macaddress = data["mac_address"]
            if not isinstance(data__macaddress, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".mac_address must be string")
        if "mem_limit" in data_keys:
            data_keys.remove("mem_limit")
            data__memlimit = data["mem_limit"]
            if not isinstance(data__memlimit, (int, float, Decimal, str)) or isinstance(data__memlimit, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".mem_limit must be number or string")
        if "mem_reservation" in data_keys:
            data_keys.remove("mem_reservation")
            data__memreservation = data["mem_reservation"]
            if not isinstance(data__memreservation, (str, int)) and not (isinstance(data__memreservation, float) and data__memreservation.is_integer()) or isinstance(data__memreservation, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".mem_reservation must be string or integer")
        if "mem_swappiness" in data_keys:
            data_keys.remove("mem_swappiness")
            data__memswappiness = data["mem_swappiness"]
            if not isinstance(data__memswappiness, (int, str)) and not (isinstance(data__memswappiness, float) and data__memswappiness.is_integer()) or isinstance(data__memswappiness, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".mem_swappiness must be integer or string")
        if "memswap_limit" in data_keys:
            data_keys.remove("memswap_limit")
            data__memswaplimit = data["memswap_limit"]
            if not isinstance(data__memswaplimit, (int, float, Decimal, str)) or isinstance(data__memswaplimit, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".memswap_limit must be number or string")
        if "network_mode" in data_keys:
            data_keys.remove("network_mode")
            data__networkmode = data["network_mode"]
            if not isinstance(data__networkmode, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".network_mode must be string")
        if "models" in data_keys:
            data_keys.remove("models")
            data__models = data["models"]
            data__models_one_of_count9 = 0
            if data__models_one_of_count9 < 2:
                try:
                    validate_compose_spec_json__definitions_list_of_strings(data__models, custom_formats, (name_prefix or "data") + ".models")
                    data__models_one_of_count9 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if data__models_one_of_count9 < 2:
                try:
                    if not isinstance(data__models, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".models must be object")
                    data__models_is_dict = isinstance(data__models, dict)
                    if data__models_is_dict:
                        data__models_keys = set(data__models.keys())
                        for data__models_key, data__models_val in data__models.items():
                            if REGEX_PATTERNS['^[a-zA-Z0-9._-]+$'].search(data__models_key):
                                if data__models_key in data__models_keys:
                                    data__models_keys.remove(data__models_key)
                                data__models_val_one_of_count10 = 0
                                if data__models_val_one_of_count10 < 2:
                                    try:
                                        if not isinstance(data__models_val, (dict)):
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".models.{data__models_key}" + " must be object")
                                        data__models_val_is_dict = isinstance(data__models_val, dict)
                                        if data__models_val_is_dict:
                                            data__models_val_keys = set(data__models_val.keys())
                                            if "endpoint_var" in data__models_val_keys:
                                                data__models_val_keys.remove("endpoint_var")
                                                data__models_val__endpointvar = data__models_val["endpoint_var"]
                                                if not isinstance(data__models_val__endpointvar, (str)):
                                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".models.{data__models_key}.endpoint_var" + " must be string")
                                            if "model_var" in data__models_val_keys:
                                                data__models_val_keys.remove("model_var")
                                                data__models_val__modelvar = data__models_val["model_var"]
                                                if not isinstance(data__models_val__modelvar, (str)):
                                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".models.{data__models_key}.model_var" + " must be string")
                                            for data__models_val_key, data__models_val_val in data__models_val.items():
                                                if REGEX_PATTERNS['^x-'].search(data__models_val_key):
                                                    if data__models_val_key in data__models_val_keys:
                                                        data__models_val_keys.remove(data__models_val_key)
                                            if data__models_val_keys:
                                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".models.{data__models_key}" + " must not contain "+str(data__models_val_keys)+" properties")
                                        data__models_val_one_of_count10 += 1
                                    except (JsonSchemaValueException, JsonSchemaValuesException): pass
                                if data__models_val_one_of_count10 < 2:
                                    try:
                                        if not isinstance(data__models_val, (NoneType)):
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".models.{data__models_key}" + " must be null")
                                        data__models_val_one_of_count10 += 1
                                    except (JsonSchemaValueException, JsonSchemaValuesException): pass
                                if data__models_val_one_of_count10 != 1:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".models.{data__models_key}" + " must be valid exactly by one definition")
                    data__models_one_of_count9 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if data__models_one_of_count9 != 1:
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".models must be valid exactly by one definition")
        if "networks" in data_keys:
            data_keys.remove("networks")
            data__networks = data["networks"]
            data__networks_one_of_count11 = 0
            if data__networks_one_of_count11 < 2:
                try:
                    validate_compose_spec_json__definitions_list_of_strings(data__networks, custom_formats, (name_prefix or "data") + ".networks")
                    data__networks_one_of_count11 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if data__networks_one_of_count11 < 2:
                try:
                    if not isinstance(data__networks, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".networks must be object")
                    data__networks_is_dict = isinstance(data__networks, dict)
                    if data__networks_is_dict:
                        data__networks_keys = set(data__networks.keys())
                        for data__networks_key, data__networks_val in data__networks.items():
                            if REGEX_PATTERNS['^[a-zA-Z0-9._-]+$'].search(data__networks_key):
                                if data__networks_key in data__networks_keys:
                                    data__networks_keys.remove(data__networks_key)
                                data__networks_val_one_of_count12 = 0
                                if data__networks_val_one_of_count12 < 2:
                                    try:
                                        if not isinstance(data__networks_val, (dict)):
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".networks.{data__networks_key}" + " must be object")
                                        data__networks_val_is_dict = isinstance(data__networks_val, dict)
                                        if data__networks_val_is_dict:
                                            data__networks_val_keys = set(data__networks_val.keys())
                                            if "aliases" in data__networks_val_keys:
                                                data__networks_val_keys.remove("aliases")
                                                data__networks_val__aliases = data__networks_val["aliases"]
                                                validate_compose_spec_json__definitions_list_of_strings(data__networks_val__aliases, custom_formats, (name_prefix or "data") + f".networks.{data__networks_key}.aliases")
                                            if "interface_name" in data__networks_val_keys:
                                                data__networks_val_keys.remove("interface_name")
                                                data__networks_val__interfacename = data__networks_val["interface_name"]
                                                if not isinstance(data__networks_val__interfacename, (str)):
                                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".networks.{data__networks_key}.interface_name" + " must be string")
                                            if "ipv4_address" in data__networks_val_keys:
                                                data__networks_val_keys.remove("ipv4_address")
                                                data__networks_val__ipv4address = data__networks_val["ipv4_address"]
                                                if not isinstance(data__networks_val__ipv4address, (str)):
                                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".networks.{data__networks_key}.ipv4_address" + " must be string")
                                            if "ipv6_address" in data__networks_val_keys:
                                                data__networks_val_keys.remove("ipv6_address")
                                                data__networks_val__ipv6address = data__networks_val["ipv6_address"]
                                                if not isinstance(data__networks_val__ipv6address, (str)):
                                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".networks.{data__networks_key}.ipv6_address" + " must be string")
                                            if "link_local_ips" in data__networks_val_keys:
                                                data__networks_val_keys.remove("link_local_ips")
                                                data__networks_val__linklocalips = data__networks_val["link_local_ips"]
                                                validate_compose_spec_json__definitions_list_of_strings(data__networks_val__linklocalips, custom_formats, (name_prefix or "data") + f".networks.{data__networks_key}.link_local_ips")
                                            if "mac_address" in data__networks_val_keys:
                                                data__networks_val_keys.remove("mac_address")
                                                data__networks_val__macaddress = data__networks_val["mac_address"]
                                                if not isinstance(data__networks_val__macaddress, (str)):
                                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".networks.{data__networks_key}.mac_address" + " must be string")
                                            if "driver_opts" in data__networks_val_keys:
                                                data__networks_val_keys.remove("driver_opts")
                                                data__networks_val__driveropts = data__networks_val["driver_opts"]
                                                if not isinstance(data__networks_val__driveropts, (dict)):
                                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".networks.{data__networks_key}.driver_opts" + " must be object")
                                                data__networks_val__driveropts_is_dict = isinstance(data__networks_val__driveropts, dict)
                                                if data__networks_val__driveropts_is_dict:
                                                    data__networks_val__driveropts_keys = set(data__networks_val__driveropts.keys())
                                                    for data__networks_val__driveropts_key, data__networks_val__driveropts_val in data__networks_val__driveropts.items():
                                                        if REGEX_PATTERNS['^.+$'].search(data__networks_val__driveropts_key):
                                                            if data__networks_val__driveropts_key in data__networks_val__driveropts_keys:
                                                                data__networks_val__driveropts_keys.remove(data__networks_val__driveropts_key)
                                                            if not isinstance(data__networks_val__driveropts_val, (str, int, float, Decimal)) or isinstance(data__networks_val__driveropts_val, bool):
                                                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".networks.{data__networks_key}.driver_opts.{data__networks_val__driveropts_key}" + " must be string or number")
                                            if "priority" in data__networks_val_keys:
                                                data__networks_val_keys.remove("priority")
                                                data__networks_val__priority = data__networks_val["priority"]
                                                if not isinstance(data__networks_val__priority, (int, float, Decimal)) or isinstance(data__networks_val__priority, bool):
                                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".networks.{data__networks_key}.priority" + " must be number")
                                            if "gw_priority" in data__networks_val_keys:
                                                data__networks_val_keys.remove("gw_priority")
                                                data__networks_val__gwpriority = data__networks_val["gw_priority"]
                                                if not isinstance(data__networks_val__gwpriority, (int, float, Decimal)) or isinstance(data__networks_val__gwpriority, bool):
                                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".networks.{data__networks_key}.gw_priority" + " must be number")
                                            for data__networks_val_key, data__networks_val_val in data__networks_val.items():
                                                if REGEX_PATTERNS['^x-'].search(data__networks_val_key):
                                                    if data__networks_val_key in data__networks_val_keys:
                                                        data__networks_val_keys.remove(data__networks_val_key)
                                            if data__networks_val_keys:
                                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".networks.{data__networks_key}" + " must not contain "+str(data__networks_val_keys)+" properties")
                                        data__networks_val_one_of_count12 += 1
                                    except (JsonSchemaValueException, JsonSchemaValuesException): pass
                                if data__networks_val_one_of_count12 < 2:
                                    try:
                                        if not isinstance(data__networks_val, (NoneType)):
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".networks.{data__networks_key}" + " must be null")
                                        data__networks_val_one_of_count12 += 1
                                    except (JsonSchemaValueException, JsonSchemaValuesException): pass
                                if data__networks_val_one_of_count12 != 1:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".networks.{data__networks_key}" + " must be valid exactly by one definition")
                        if data__networks_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".networks must not contain "+str(data__networks_keys)+" properties")
                    data__networks_one_of_count11 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if data__networks_one_of_count11 != 1:
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".networks must be valid exactly by one definition")
        if "oom_kill_disable" in data_keys:
            data_keys.remove("oom_kill_disable")
            data__oomkilldisable = data["oom_kill_disable"]
            if not isinstance(data__oomkilldisable, (bool, str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".oom_kill_disable must be boolean or string")
        if "oom_score_adj" in data_keys:
            data_keys.remove("oom_score_adj")
            data__oomscoreadj = data["oom_score_adj"]
            data__oomscoreadj_one_of_count13 = 0
            if data__oomscoreadj_one_of_count13 < 2:
                try:
                    if not isinstance(data__oomscoreadj, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".oom_score_adj must be string")
                    data__oomscoreadj_one_of_count13 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if data__oomscoreadj_one_of_count13 < 2:
                try:
                    if not isinstance(data__oomscoreadj, (int)) and not (isinstance(data__oomscoreadj, float) and data__oomscoreadj.is_integer()) or isinstance(data__oomscoreadj, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".oom_score_adj must be integer")
                    if isinstance(data__oomscoreadj, (int, float, Decimal)) and not isinstance(data__oomscoreadj, bool):
                        if data__oomscoreadj < -1000:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".oom_score_adj must be bigger than or equal to -1000")
                        if data__oomscoreadj > 1000:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".oom_score_adj must be smaller than or equal to 1000")
                    data__oomscoreadj_one_of_count13 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if data__oomscoreadj_one_of_count13 != 1:
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".oom_score_adj must be valid exactly by one definition")
        if "pid" in data_keys:
            data_keys.remove("pid")
            data__pid = data["pid"]
            if not isinstance(data__pid, (str, NoneType)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".pid must be string or null")
        if "pids_limit" in data_keys:
            data_keys.remove("pids_limit")
            data__pidslimit = data["pids_limit"]
            if not isinstance(data__pidslimit, (int, float, Decimal, str)) or isinstance(data__pidslimit, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".pids_limit must be number or string")
        if "platform" in data_keys:
            data_keys.remove("platform")
            data__platform = data["platform"]
            if not isinstance(data__platform, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".platform must be string")
        if "ports" in data_keys:
            data_keys.remove("ports")
            data__ports = data["ports"]
            if not isinstance(data__ports, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".ports must be array")
            data__ports_is_list = isinstance(data__ports, (list, tuple))
            if data__ports_is_list:
                def fn(var): return frozenset(dict((k, fn(v)) for k, v in var.items()).items()) if hasattr(var, "items") else tuple(fn(v) for v in var) if isinstance(var, (dict, list)) else (bool, var) if isinstance(var, bool) else var
                data__ports_len = len(data__ports)
                if data__ports_len > len(set(fn(data__ports_x) for data__ports_x in data__ports)):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".ports must contain unique items")
                for data__ports_x, data__ports_item in enumerate(data__ports):
                    data__ports_item_one_of_count14 = 0
                    if data__ports_item_one_of_count14 < 2:
                        try:
                            if not isinstance(data__ports_item, (int, float, Decimal)) or isinstance(data__ports_item, bool):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".ports[{data__ports_x}]" + " must be number")
                            data__ports_item_one_of_count14 += 1
                        except (JsonSchemaValueException, JsonSchemaValuesException): pass
                    if data__ports_item_one_of_count14 < 2:
                        try:
                            if not isinstance(data__ports_item, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".ports[{data__ports_x}]" + " must be string")
                            data__ports_item_one_of_count14 += 1
                        except (JsonSchemaValueException, JsonSchemaValuesException): pass
                    if data__ports_item_one_of_count14 < 2:
                        try:
                            if not isinstance(data__ports_item, (dict)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".ports[{data__ports_x}]" + " must be object")
                            data__ports_item_is_dict = isinstance(data__ports_item, dict)
                            if data__ports_item_is_dict:
                                data__ports_item_keys = set(data__ports_item.keys())
                                if "name" in data__ports_item_keys:
                                    data__ports_item_keys.remove("name")
                                    data__ports_item__name = data__ports_item["name"]
                                    if not isinstance(data__ports_item__name, (str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".ports[{data__ports_x}].name" + " must be string")
                                if "mode" in data__ports_item_keys:
                                    data__ports_item_keys.remove("mode")
                                    data__ports_item__mode = data__ports_item["mode"]
                                    if not isinstance(data__ports_item__mode, (str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".ports[{data__ports_x}].mode" + " must be string")
                                if "host_ip" in data__ports_item_keys:
                                    data__ports_item_keys.remove("host_ip")
                                    data__ports_item__hostip = data__ports_item["host_ip"]
                                    if not isinstance(data__ports_item__hostip, (str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".ports[{data__ports_x}].host_ip" + " must be string")
                                if "target" in data__ports_item_keys:
                                    data__ports_item_keys.remove("target")
                                    data__ports_item__target = data__ports_item["target"]
                                    if not isinstance(data__ports_item__target, (int, str)) and not (isinstance(data__ports_item__target, float) and data__ports_item__target.is_integer()) or isinstance(data__ports_item__target, bool):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".ports[{data__ports_x}].target" + " must be integer or string")
                                if "published" in data__ports_item_keys:
                                    data__ports_item_keys.remove("published")
                                    data__ports_item__published = data__ports_item["published"]
                                    if not isinstance(data__ports_item__published, (str, int)) and not (isinstance(data__ports_item__published, float) and data__ports_item__published.is_integer()) or isinstance(data__ports_item__published, bool):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".ports[{data__ports_x}].published" + " must be string or integer")
                                if "protocol" in data__ports_item_keys:
                                    data__ports_item_keys.remove("protocol")
                                    data__ports_item__protocol = data__ports_item["protocol"]
                                    if not isinstance(data__ports_item__protocol, (str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".ports[{data__ports_x}].protocol" + " must be string")
                                if "app_protocol" in data__ports_item_keys:
                                    data__ports_item_keys.remove("app_protocol")
                                    data__ports_item__appprotocol = data__ports_item["app_protocol"]
                                    if not isinstance(data__ports_item__appprotocol, (str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".ports[{data__ports_x}].app_protocol" + " must be string")
                                for data__ports_item_key, data__ports_item_val in data__ports_item.items():
                                    if REGEX_PATTERNS['^x-'].search(data__ports_item_key):
                                        if data__ports_item_key in data__ports_item_keys:
                                            data__ports_item_keys.remove(data__ports_item_key)
                                if data__ports_item_keys:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".ports[{data__ports_x}]" + " must not contain "+str(data__ports_item_keys)+" properties")
                            data__ports_item_one_of_count14 += 1
                        except (JsonSchemaValueException, JsonSchemaValuesException): pass
                    if data__ports_item_one_of_count14 != 1:
                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".ports[{data__ports_x}]" + " must be valid exactly by one definition")
        if "post_start" in data_keys:
            data_keys.remove("post_start")
            data__poststart = data["post_start"]
            if not isinstance(data__poststart, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".post_start must be array")
            data__poststart_is_list = isinstance(data__poststart, (list, tuple))
            if data__poststart_is_list:
                data__poststart_len = len(data__poststart)
                for data__poststart_x, data__poststart_item in enumerate(data__poststart):
                    validate_compose_spec_json__definitions_service_hook(data__poststart_item, custom_formats, (name_prefix or "data") + f".post_start[{data__poststart_x}]")
        if "pre_stop" in data_keys:
            data_keys.remove("pre_stop")
            data__prestop = data["pre_stop"]
            if not isinstance(data__prestop, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".pre_stop must be array")
            data__prestop_is_list = isinstance(data__prestop, (list, tuple))
            if data__prestop_is_list:
                data__prestop_len = len(data__prestop)
                for data__prestop_x, data__prestop_item in enumerate(data__prestop):
                    validate_compose_spec_json__definitions_service_hook(data__prestop_item, custom_formats, (name_prefix or "data") + f".pre_stop[{data__prestop_x}]")
        if "privileged" in data_keys:
            data_keys.remove("privileged")
            data__privileged = data["privileged"]
            if not isinstance(data__privileged, (bool, str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".privileged must be boolean or string")
        if "profiles" in data_keys:
            data_keys.remove("profiles")
            data__profiles = data["profiles"]
            validate_compose_spec_json__definitions_list_of_strings(data__profiles, custom_formats, (name_prefix or "data") + ".profiles")
        if "pull_policy" in data_keys:
            data_keys.remove("pull_policy")
            data__pullpolicy = data["pull_policy"]
            if not isinstance(data__pullpolicy, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".pull_policy must be string")
            if isinstance(data__pullpolicy, str):
                if not REGEX_PATTERNS['always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+'].search(data__pullpolicy):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".pull_policy must match pattern always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+")
        if "pull_refresh_after" in data_keys:
            data_keys.remove("pull_refresh_after")
            data__pullrefreshafter = data["pull_refresh_after"]
            if not isinstance(data__pullrefreshafter, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".pull_refresh_after must be string")
        if "read_only" in data_keys:
            data_keys.remove("read_only")
            data__readonly = data["read_only"]
            if not isinstance(data__readonly, (bool, str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".read_only must be boolean or string")
        if "restart" in data_keys:
            data_keys.remove("restart")
            data__restart = data["restart"]
            if not isinstance(data__restart, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".restart must be string")
        if "runtime" in data_keys:
            data_keys.remove("runtime")
            data__runtime = data["runtime"]
            if not isinstance(data__runtime, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".runtime must be string")
        if "scale" in data_keys:
            data_keys.remove("scale")
            data__scale = data["scale"]
            if not isinstance(data__scale, (int, str)) and not (isinstance(data__scale, float) and data__scale.is_integer()) or isinstance(data__scale, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".scale must be integer or string")
        if "security_opt" in data_keys:
            data_keys.remove("security_opt")
            data__securityopt = data["security_opt"]
            if not isinstance(data__securityopt, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".security_opt must be array")
            data__securityopt_is_list = isinstance(data__securityopt, (list, tuple))
            if data__securityopt_is_list:
                def fn(var): return frozenset(dict((k, fn(v)) for k, v in var.items()).items()) if hasattr(var, "items") else tuple(fn(v) for v in var) if isinstance(var, (dict, list)) else (bool, var) if isinstance(var, bool) else var
                data__securityopt_len = len(data__securityopt)
                if data__securityopt_len > len(set(fn(data__securityopt_x) for data__securityopt_x in data__securityopt)):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".security_opt must contain unique items")
                for data__securityopt_x, data__securityopt_item in enumerate(data__securityopt):
                    if not isinstance(data__securityopt_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".security_opt[{data__securityopt_x}]" + " must be string")
        if "shm_size" in data_keys:
            data_keys.remove("shm_size")
            data__shmsize = data["shm_size"]
            if not isinstance(data__shmsize, (int, float, Decimal, str)) or isinstance(data__shmsize, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".shm_size must be number or string")
        if "secrets" in data_keys:
            data_keys.remove("secrets")
            data__secrets = data["secrets"]
            validate_compose_spec_json__definitions_service_config_or_secret(data__secrets, custom_formats, (name_prefix or "data") + ".secrets")
        if "sysctls" in data_keys:
            data_keys.remove("sysctls")
            data__sysctls = data["sysctls"]
            validate_compose_spec_json__definitions_list_or_dict(data__sysctls, custom_formats, (name_prefix or "data") + ".sysctls")
        if "stdin_open" in data_keys:
            data_keys.remove("stdin_open")
            data__stdinopen = data["stdin_open"]
            if not isinstance(data__stdinopen, (bool, str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".stdin_open must be boolean or string")
        if "stop_grace_period" in data_keys:
            data_keys.remove("stop_grace_period")
            data__stopgraceperiod = data["stop_grace_period"]
            if not isinstance(data__stopgraceperiod, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".stop_grace_period must be string")
        if "stop_signal" in data_keys:
            data_keys.remove("stop_signal")
            data__stopsignal = data["stop_signal"]
            if not isinstance(data__stopsignal, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".stop_signal must be string")
        if "storage_opt" in data_keys:
            data_keys.remove("storage_opt")
            data__storageopt = data["storage_opt"]
            if not isinstance(data__storageopt, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".storage_opt must be object")
        if "tmpfs" in data_keys:
            data_keys.remove("tmpfs")
            data__tmpfs = data["tmpfs"]
            validate_compose_spec_json__definitions_string_or_list(data__tmpfs, custom_formats, (name_prefix or "data") + ".tmpfs")
        if "tty" in data_keys:
            data_keys.remove("tty")
            data__tty = data["tty"]
            if not isinstance(data__tty, (bool, str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".tty must be boolean or string")
        if "ulimits" in data_keys:
            data_keys.remove("ulimits")
            data__ulimits = data["ulimits"]
            validate_compose_spec_json__definitions_ulimits(data__ulimits, custom_formats, (name_prefix or "data") + ".ulimits")
        if "use_api_socket" in data_keys:
            data_keys.remove("use_api_socket")
            data__useapisocket = data["use_api_socket"]
            if not isinstance(data__useapisocket, (bool)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".use_api_socket must be boolean")
        if "user" in data_keys:
            data_keys.remove("user")
            data__user = data["user"]
            if not isinstance(data__user, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".user must be string")
        if "uts" in data_keys:
            data_keys.remove("uts")
            data__uts = data["uts"]
            if not isinstance(data__uts, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".uts must be string")
        if "userns_mode" in data_keys:
            data_keys.remove("userns_mode")
            data__usernsmode = data["userns_mode"]
            if not isinstance(data__usernsmode, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".userns_mode must be string")
        if "volumes" in data_keys:
            data_keys.remove("volumes")
            data__volumes = data["volumes"]
            if not isinstance(data__volumes, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".volumes must be array")
            data__volumes_is_list = isinstance(data__volumes, (list, tuple))
            if data__volumes_is_list:
                def fn(var): return frozenset(dict((k, fn(v)) for k, v in var.items()).items()) if hasattr(var, "items") else tuple(fn(v) for v in var) if isinstance(var, (dict, list)) else (bool, var) if isinstance(var, bool) else var
                data__volumes_len = len(data__volumes)
                if data__volumes_len > len(set(fn(data__volumes_x) for data__volumes_x in data__volumes)):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".volumes must contain unique items")
                for data__volumes_x, data__volumes_item in enumerate(data__volumes):
                    data__volumes_item_one_of_count15 = 0
                    if data__volumes_item_one_of_count15 < 2:
                        try:
                            if not isinstance(data__volumes_item, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".volumes[{data__volumes_x}]" + " must be string")
                            data__volumes_item_one_of_count15 += 1
                        except (JsonSchemaValueException, JsonSchemaValuesException): pass
                    if data__volumes_item_one_of_count15 < 2:
                        try:
                            if not isinstance(data__volumes_item, (dict)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".volumes[{data__volumes_x}]" + " must be object")
                            data__volumes_item_is_dict = isinstance(data__volumes_item, dict)
                            if data__volumes_item_is_dict:
                                data__volumes_item__missing_keys = set(['type']) - data__volumes_item.keys()
                                if data__volumes_item__missing_keys:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".volumes[{data__volumes_x}]" + " must contain ")
                                data__volumes_item_keys = set(data__volumes_item.keys())
                                if "type" in data__volumes_item_keys:
                                    data__volumes_item_keys.remove("type")
                                    data__volumes_item__type = data__volumes_item["type"]
                                    if not isinstance(data__volumes_item__type, (str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".volumes[{data__volumes_x}].type" + " must be string")
                                    if not (isinstance(data__volumes_item__type, str) and data__volumes_item__type == 'bind' or isinstance(data__volumes_item__type, str) and data__volumes_item__type == 'volume' or isinstance(data__volumes_item__type, str) and data__volumes_item__type == 'tmpfs' or isinstance(data__volumes_item__type, str) and data__volumes_item__type == 'cluster' or isinstance(data__volumes_item__type, str) and data__volumes_item__type == 'npipe' or isinstance(data__volumes_item__type, str) and data__volumes_item__type == 'image'):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".volumes[{data__volumes_x}].type" + " must be one of ['bind', 'volume', 'tmpfs', 'cluster', 'npipe', 'image']")
                                if "source" in data__volumes_item_keys:
                                    data__volumes_item_keys.remove("source")
                                    data__volumes_item__source = data__volumes_item["source"]
                                    if not isinstance(data__volumes_item__source, (str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".volumes[{data__volumes_x}].source" + " must be string")
                                if "target" in data__volumes_item_keys:
                                    data__volumes_item_keys.remove("target")
                                    data__volumes_item__target = data__volumes_item["target"]
                                    if not isinstance(data__volumes_item__target, (str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".volumes[{data__volumes_x}].target" + " must be string")
                                if "read_only" in data__volumes_item_keys:
                                    data__volumes_item_keys.remove("read_only")
                                    data__volumes_item__readonly = data__volumes_item["read_only"]
                                    if not isinstance(data__volumes_item__readonly, (bool, str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".volumes[{data__volumes_x}].read_only" + " must be boolean or string")
                                if "consistency" in data__volumes_item_keys:
                                    data__volumes_item_keys.remove("consistency")
                                    data__volumes_item__consistency = data__volumes_item["consistency"]
                                    if not isinstance(data__volumes_item__consistency, (str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".volumes[{data__volumes_x}].consistency" + " must be string")
                                if "bind" in data__volumes_item_keys:
                                    data__volumes_item_keys.remove("bind")
                                    data__volumes_item__bind = data__volumes_item["bind"]
                                    if not isinstance(data__volumes_item__bind, (dict)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".volumes[{data__volumes_x}].bind" + " must be object")
                                    data__volumes_item__bind_is_dict = isinstance(data__volumes_item__bind, dict)
                                    if data__volumes_item__bind_is_dict:
                                        data__volumes_item__bind_keys = set(data__volumes_item__bind.keys())
                                        if "propagation" in data__volumes_item__bind_keys:
                                            data__volumes_item__bind_keys.remove("propagation")
                                            data__volumes_item__bind__propagation = data__volumes_item__bind["propagation"]
                                            if not isinstance(data__volumes_item__bind__propagation, (str)):
                                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".volumes[{data__volumes_x}].bind.propagation" + " must be string")
                                        if "create_host_path" in data__volumes_item__bind_keys:
                                            data__volumes_item__bind_keys.remove("create_host_path")
                                            data__volumes_item__bind__createhostpath = data__volumes_item__bind["create_host_path"]
                                            if not isinstance(data__volumes_item__bind__createhostpath, (bool, str)):
                                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".volumes[{data__volumes_x}].bind.create_host_path" + " must be boolean or string")
                                        if "recursive" in data__volumes_item__bind_keys:
                                            data__volumes_item__bind_keys.remove("recursive")
                                            data__volumes_item__bind__recursive = data__volumes_item__bind["recursive"]
                                            if not isinstance(data__volumes_item__bind__recursive, (str)):
                                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".volumes[{data__volumes_x}].bind.recursive" + " must be string")
                                            if not (isinstance(data__volumes_item__bind__recursive, str) and data__volumes_item__bind__recursive == 'enabled' or isinstance(data__volumes_item__bind__recursive, str) and data__volumes_item__bind__recursive == 'disabled' or isinstance(data__volumes_item__bind__recursive, str) and data__volumes_item__bind__recursive == 'writable' or isinstance(data__volumes_item__bind__recursive, str) and data__volumes_item__bind__recursive == 'readonly'):
                                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".volumes[{data__volumes_x}].bind.recursive" + " must be one of ['enabled', 'disabled', 'writable', 'readonly']")
                                        if "selinux" in data__volumes_item__bind_keys:
                                            data__volumes_item__bind_keys.remove("selinux")
                                            data__volumes_item__bind__selinux = data__volumes_item__bind["selinux"]
                                            if not isinstance(data__volumes_item__bind__selinux, (str)):
                                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".volumes[{data__volumes_x}].bind.selinux" + " must be string")
                                            if not (isinstance(data__volumes_item__bind__selinux, str) and data__volumes_item__bind__selinux == 'z' or isinstance(data__volumes_item__bind__selinux, str) and data__volumes_item__bind__selinux == 'Z'):
                                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".volumes[{data__volumes_x}].bind.selinux" + " must be one of ['z', 'Z']")
                                        for data__volumes_item__bind_key, data__volumes_item__bind_val in data__volumes_item__bind.items():
                                            if REGEX_PATTERNS['^x-'].search(data__volumes_item__bind_key):
                                                if data__volumes_item__bind_key in data__volumes_item__bind_keys:
                                                    data__volumes_item__bind_keys.remove(data__volumes_item__bind_key)
                                        if data__volumes_item__bind_keys:
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".volumes[{data__volumes_x}].bind" + " must not contain "+str(data__volumes_item__bind_keys)+" properties")
                                if "volume" in data__volumes_item_keys:
                                    data__volumes_item_keys.remove("volume")
                                    data__volumes_item__volume = data__volumes_item["volume"]
                                    if not isinstance(data__volumes_item__volume, (dict)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".volumes[{data__volumes_x}].volume" + " must be object")
                                    data__volumes_item__volume_is_dict = isinstance(data__volumes_item__volume, dict)
                                    if data__volumes_item__volume_is_dict:
                                        data__volumes_item__volume_keys = set(data__volumes_item__volume.keys())
                                        if "labels" in data__volumes_item__volume_keys:
                                            data__volumes_item__volume_keys.remove("labels")
                                            data__volumes_item__volume__labels = data__volumes_item__volume["labels"]
                                            validate_compose_spec_json__definitions_list_or_dict(data__volumes_item__volume__labels, custom_formats, (name_prefix or "data") + f".volumes[{data__volumes_x}].volume.labels")
                                        if "nocopy" in data__volumes_item__volume_keys:
                                            data__volumes_item__volume_keys.remove("nocopy")
                                            data__volumes_item__volume__nocopy = data__volumes_item__volume["nocopy"]
                                            if not isinstance(data__volumes_item__volume__nocopy, (bool, str)):
                                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".volumes[{data__volumes_x}].volume.nocopy" + " must be boolean or string")
                                        if "subpath" in data__volumes_item__volume_keys:
                                            data__volumes_item__volume_keys.remove("subpath")
                                            data__volumes_item__volume__subpath = data__volumes_item__volume["subpath"]
                                            if not isinstance(data__volumes_item__volume__subpath, (str)):
                                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".volumes[{data__volumes_x}].volume.subpath" + " must be string")
                                        for data__volumes_item__volume_key, data__volumes_item__volume_val in data__volumes_item__volume.items():
                                            if REGEX_PATTERNS['^x-'].search(data__volumes_item__volume_key):
                                                if data__volumes_item__volume_key in data__volumes_item__volume_keys:
                                                    data__volumes_item__volume_keys.remove(data__volumes_item__volume_key)
                                        if data__volumes_item__volume_keys:
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".volumes[{data__volumes_x}].volume" + " must not contain "+str(data__volumes_item__volume_keys)+" properties")
                                if "tmpfs" in data__volumes_item_keys:
                                    data__volumes_item_keys.remove("tmpfs")
                                    data__volumes_item__tmpfs = data__volumes_item["tmpfs"]
                                    if not isinstance(data__volumes_item__tmpfs, (dict)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".volumes[{data__volumes_x}].tmpfs" + " must be object")
                                    data__volumes_item__tmpfs_is_dict = isinstance(data__volumes_item__tmpfs, dict)
                                    if data__volumes_item__tmpfs_is_dict:
                                        data__volumes_item__tmpfs_keys = set(data__volumes_item__tmpfs.keys())
                                        if "size" in data__volumes_item__tmpfs_keys:
                                            data__volumes_item__tmpfs_keys.remove("size")
                                            data__volumes_item__tmpfs__size = data__volumes_item__tmpfs["size"]
                                            data__volumes_item__tmpfs__size_one_of_count16 = 0
                                            if data__volumes_item__tmpfs__size_one_of_count16 < 2:
                                                try:
                                                    if not isinstance(data__volumes_item__tmpfs__size, (int)) and not (isinstance(data__volumes_item__tmpfs__size, float) and data__volumes_item__tmpfs__size.is_integer()) or isinstance(data__volumes_item__tmpfs__size, bool):
                                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".volumes[{data__volumes_x}].tmpfs.size" + " must be integer")
                                                    if isinstance(data__volumes_item__tmpfs__size, (int, float, Decimal)) and not isinstance(data__volumes_item__tmpfs__size, bool):
                                                        if data__volumes_item__tmpfs__size < 0:
                                                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".volumes[{data__volumes_x}].tmpfs.size" + " must be bigger than or equal to 0")
                                                    data__volumes_item__tmpfs__size_one_of_count16 += 1
                                                except (JsonSchemaValueException, JsonSchemaValuesException): pass
                                            if data__volumes_item__tmpfs__size_one_of_count16 < 2:
                                                try:
                                                    if not isinstance(data__volumes_item__tmpfs__size, (str)):
                                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".volumes[{data__volumes_x}].tmpfs.size" + " must be string")
                                                    data__volumes_item__tmpfs__size_one_of_count16 += 1
                                                except (JsonSchemaValueException, JsonSchemaValuesException): pass
                                            if data__volumes_item__tmpfs__size_one_of_count16 != 1:
                                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".volumes[{data__volumes_x}].tmpfs.size" + " must be valid exactly by one definition")
                                        if "mode" in data__volumes_item__tmpfs_keys:
                                            data__volumes_item__tmpfs_keys.remove("mode")
                                            data__volumes_item__tmpfs__mode = data__volumes_item__tmpfs["mode"]
                                            if not isinstance(data__volumes_item__tmpfs__mode, (int, float, Decimal, str)) or isinstance(data__volumes_item__tmpfs__mode, bool):
                                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".volumes[{data__volumes_x}].tmpfs.mode" + " must be number or string")
                                        for data__volumes_item__tmpfs_key, data__volumes_item__tmpfs_val in data__volumes_item__tmpfs.items():
                                            if REGEX_PATTERNS['^x-'].search(data__volumes_item__tmpfs_key):
                                                if data__volumes_item__tmpfs_key in data__volumes_item__tmpfs_keys:
                                                    data__volumes_item__tmpfs_keys.remove(data__volumes_item__tmpfs_key)
                                        if data__volumes_item__tmpfs_keys:
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".volumes[{data__volumes_x}].tmpfs" + " must not contain "+str(data__volumes_item__tmpfs_keys)+" properties")
                                if "image" in data__volumes_item_keys:
                                    data__volumes_item_keys.remove("image")
                                    data__volumes_item__image = data__volumes_item["image"]
                                    if not isinstance(data__volumes_item__image, (dict)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".volumes[{data__volumes_x}].image" + " must be object")
                                    data__volumes_item__image_is_dict = isinstance(data__volumes_item__image, dict)
                                    if data__volumes_item__image_is_dict:
                                        data__volumes_item__image_keys = set(data__volumes_item__image.keys())
                                        if "subpath" in data__volumes_item__image_keys:
                                            data__volumes_item__image_keys.remove("subpath")
                                            data__volumes_item__image__subpath = data__volumes_item__image["subpath"]
                                            if not isinstance(data__volumes_item__image__subpath, (str)):
                                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".volumes[{data__volumes_x}].image.subpath" + " must be string")
                                        for data__volumes_item__image_key, data__volumes_item__image_val in data__volumes_item__image.items():
                                            if REGEX_PATTERNS['^x-'].search(data__volumes_item__image_key):
                                                if data__volumes_item__image_key in data__volumes_item__image_keys:
                                                    data__volumes_item__image_keys.remove(data__volumes_item__image_key)
                                        if data__volumes_item__image_keys:
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".volumes[{data__volumes_x}].image" + " must not contain "+str(data__volumes_item__image_keys)+" properties")
                                for data__volumes_item_key, data__volumes_item_val in data__volumes_item.items():
                                    if REGEX_PATTERNS['^x-'].search(data__volumes_item_key):
                                        if data__volumes_item_key in data__volumes_item_keys:
                                            data__volumes_item_keys.remove(data__volumes_item_key)
                                if data__volumes_item_keys:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".volumes[{data__volumes_x}]" + " must not contain "+str(data__volumes_item_keys)+" properties")
                            data__volumes_item_one_of_count15 += 1
                        except (JsonSchemaValueException, JsonSchemaValuesException): pass
                    if data__volumes_item_one_of_count15 != 1:
                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".volumes[{data__volumes_x}]" + " must be valid exactly by one definition")
        if "volumes_from" in data_keys:
            data_keys.remove("volumes_from")
            data__volumesfrom = data["volumes_from"]
            if not isinstance(data__volumesfrom, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".volumes_from must be array")
            data__volumesfrom_is_list = isinstance(data__volumesfrom, (list, tuple))
            if data__volumesfrom_is_list:
                def fn(var): return frozenset(dict((k, fn(v)) for k, v in var.items()).items()) if hasattr(var, "items") else tuple(fn(v) for v in var) if isinstance(var, (dict, list)) else (bool, var) if isinstance(var, bool) else var
                data__volumesfrom_len = len(data__volumesfrom)
                if data__volumesfrom_len > len(set(fn(data__volumesfrom_x) for data__volumesfrom_x in data__volumesfrom)):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".volumes_from must contain unique items")
                for data__volumesfrom_x, data__volumesfrom_item in enumerate(data__volumesfrom):
                    if not isinstance(data__volumesfrom_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".volumes_from[{data__volumesfrom_x}]" + " must be string")
        if "working_dir" in data_keys:
            data_keys.remove("working_dir")
            data__workingdir = data["working_dir"]
            if not isinstance(data__workingdir, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".working_dir must be string")
        for data_key, data_val in data.items():
            if REGEX_PATTERNS['^x-'].search(data_key):
                if data_key in data_keys:
                    data_keys.remove(data_key)
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate_compose_spec_json__definitions_service_hook(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['command']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain ")
        data_keys = set(data.keys())
        if "command" in data_keys:
            data_keys.remove("command")
            data__command = data["command"]
            validate_compose_spec_json__definitions_command(data__command, custom_formats, (name_prefix or "data") + ".command")
        if "user" in data_keys:
            data_keys.remove("user")
            data__user = data["user"]
            if not isinstance(data__user, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".user must be string")
        if "privileged" in data_keys:
            data_keys.remove("privileged")
            data__privileged = data["privileged"]
            if not isinstance(data__privileged, (bool, str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".privileged must be boolean or string")
        if "working_dir" in data_keys:
            data_keys.remove("working_dir")
            data__workingdir = data["working_dir"]
            if not isinstance(data__workingdir, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".working_dir must be string")
        if "environment" in data_keys:
            data_keys.remove("environment")
            data__environment = data["environment"]
            validate_compose_spec_json__definitions_list_or_dict(data__environment, custom_formats, (name_prefix or "data") + ".environment")
        for data_key, data_val in data.items():
            if REGEX_PATTERNS['^x-'].search(data_key):
                if data_key in data_keys:
                    data_keys.remove(data_key)
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate_compose_spec_json__definitions_healthcheck(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "disable" in data_keys:
            data_keys.remove("disable")
            data__disable = data["disable"]
            if not isinstance(data__disable, (bool, str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".disable must be boolean or string")
        if "interval" in data_keys:
            data_keys.remove("interval")
            data__interval = data["interval"]
            if not isinstance(data__interval, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".interval must be string")
        if "retries" in data_keys:
            data_keys.remove("retries")
            data__retries = data["retries"]
            if not isinstance(data__retries, (int, float, Decimal, str)) or isinstance(data__retries, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".retries must be number or string")
        if "test" in data_keys:
            data_keys.remove("test")
            data__test = data["test"]
            data__test_one_of_count17 = 0
            if data__test_one_of_count17 < 2:
                try:
                    if not isinstance(data__test, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".test must be string")
                    data__test_one_of_count17 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if data__test_one_of_count17 < 2:
                try:
                    if not isinstance(data__test, (list, tuple)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".test must be array")
                    data__test_is_list = isinstance(data__test, (list, tuple))
                    if data__test_is_list:
                        data__test_len = len(data__test)
                        for data__test_x, data__test_item in enumerate(data__test):
                            if not isinstance(data__test_item, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".test[{data__test_x}]" + " must be string")
                    data__test_one_of_count17 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if data__test_one_of_count17 != 1:
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".test must be valid exactly by one definition")
        if "timeout" in data_keys:
            data_keys.remove("timeout")
            data__timeout = data["timeout"]
            if not isinstance(data__timeout, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".timeout must be string")
        if "start_period" in data_keys:
            data_keys.remove("start_period")
            data__startperiod = data["start_period"]
            if not isinstance(data__startperiod, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".start_period must be string")
        if "start_interval" in data_keys:
            data_keys.remove("start_interval")
            data__startinterval = data["start_interval"]
            if not isinstance(data__startinterval, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".start_interval must be string")
        for data_key, data_val in data.items():
            if REGEX_PATTERNS['^x-'].search(data_key):
                if data_key in data_keys:
                    data_keys.remove(data_key)
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate_compose_spec_json__definitions_gpus(data, custom_formats={}, name_prefix=None):
    data_one_of_count18 = 0
    if data_one_of_count18 < 2:
        try:
            if not isinstance(data, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + " must be string")
            if not (isinstance(data, str) and data == 'all'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + " must be one of ['all']")
            data_one_of_count18 += 1
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
    if data_one_of_count18 < 2:
        try:
            if not isinstance(data, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + " must be array")
            data_is_list = isinstance(data, (list, tuple))
            if data_is_list:
                data_len = len(data)
                for data_x, data_item in enumerate(data):
                    if not isinstance(data_item, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}]" + " must be object")
                    data_item_is_dict = isinstance(data_item, dict)
                    if data_item_is_dict:
                        data_item_keys = set(data_item.keys())
                        if "capabilities" in data_item_keys:
                            data_item_keys.remove("capabilities")
                            data_item__capabilities = data_item["capabilities"]
                            validate_compose_spec_json__definitions_list_of_strings(data_item__capabilities, custom_formats, (name_prefix or "data") + f"[{data_x}].capabilities")
                        if "count" in data_item_keys:
                            data_item_keys.remove("count")
                            data_item__count = data_item["count"]
                            if not isinstance(data_item__count, (str, int)) and not (isinstance(data_item__count, float) and data_item__count.is_integer()) or isinstance(data_item__count, bool):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}].count" + " must be string or integer")
                        if "device_ids" in data_item_keys:
                            data_item_keys.remove("device_ids")
                            data_item__deviceids = data_item["device_ids"]
                            validate_compose_spec_json__definitions_list_of_strings(data_item__deviceids, custom_formats, (name_prefix or "data") + f"[{data_x}].device_ids")
                        if "driver" in data_item_keys:
                            data_item_keys.remove("driver")
                            data_item__driver = data_item["driver"]
                            if not isinstance(data_item__driver, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}].driver" + " must be string")
                        if "options" in data_item_keys:
                            data_item_keys.remove("options")
                            data_item__options = data_item["options"]
                            validate_compose_spec_json__definitions_list_or_dict(data_item__options, custom_formats, (name_prefix or "data") + f"[{data_x}].options")
            data_is_dict = isinstance(data, dict)
            if data_is_dict:
                data_keys = set(data.keys())
                for data_key, data_val in data.items():
                    if REGEX_PATTERNS['^x-'].search(data_key):
                        if data_key in data_keys:
                            data_keys.remove(data_key)
                if data_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
            data_one_of_count18 += 1
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
    if data_one_of_count18 != 1:
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be valid exactly by one definition")
    return data

def validate_compose_spec_json__definitions_label_file(data, custom_formats={}, name_prefix=None):
    data_one_of_count19 = 0
    if data_one_of_count19 < 2:
        try:
            if not isinstance(data, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + " must be string")
            data_one_of_count19 += 1
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
    if data_one_of_count19 < 2:
        try:
            if not isinstance(data, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + " must be array")
            data_is_list = isinstance(data, (list, tuple))
            if data_is_list:
                data_len = len(data)
                for data_x, data_item in enumerate(data):
                    if not isinstance(data_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}]" + " must be string")
            data_one_of_count19 += 1
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
    if data_one_of_count19 != 1:
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be valid exactly by one definition")
    return data

def validate_compose_spec_json__definitions_env_file(data, custom_formats={}, name_prefix=None):
    data_one_of_count20 = 0
    if data_one_of_count20 < 2:
        try:
            if not isinstance(data, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + " must be string")
            data_one_of_count20 += 1
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
    if data_one_of_count20 < 2:
        try:
            if not isinstance(data, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + " must be array")
            data_is_list = isinstance(data, (list, tuple))
            if data_is_list:
                data_len = len(data)
                for data_x, data_item in enumerate(data):
                    data_item_one_of_count21 = 0
                    if data_item_one_of_count21 < 2:
                        try:
                            if not isinstance(data_item, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}]" + " must be string")
                            data_item_one_of_count21 += 1
                        except (JsonSchemaValueException, JsonSchemaValuesException): pass
                    if data_item_one_of_count21 < 2:
                        try:
                            if not isinstance(data_item, (dict)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}]" + " must be object")
                            data_item_is_dict = isinstance(data_item, dict)
                            if data_item_is_dict:
                                data_item__missing_keys = set(['path']) - data_item.keys()
                                if data_item__missing_keys:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}]" + " must contain ")
                                data_item_keys = set(data_item.keys())
                                if "path" in data_item_keys:
                                    data_item_keys.remove("path")
                                    data_item__path = data_item["path"]
                                    if not isinstance(data_item__path, (str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}].path" + " must be string")
                                if "format" in data_item_keys:
                                    data_item_keys.remove("format")
                                    data_item__format = data_item["format"]
                                    if not isinstance(data_item__format, (str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}].format" + " must be string")
                                if "required" in data_item_keys:
                                    data_item_keys.remove("required")
                                    data_item__required = data_item["required"]
                                    if not isinstance(data_item__required, (bool, str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}].required" + " must be boolean or string")
                                if data_item_keys:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}]" + " must not contain "+str(data_item_keys)+" properties")
                            data_item_one_of_count21 += 1
                        except (JsonSchemaValueException, JsonSchemaValuesException): pass
                    if data_item_one_of_count21 != 1:
                        raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}]" + " must be valid exactly by one definition")
            data_one_of_count20 += 1
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
    if data_one_of_count20 != 1:
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be valid exactly by one definition")
    return data

def validate_compose_spec_json__definitions_string_or_list(data, custom_formats={}, name_prefix=None):
    data_one_of_count22 = 0
    if data_one_of_count22 < 2:
        try:
            if not isinstance(data, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + " must be string")
            data_one_of_count22 += 1
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
    if data_one_of_count22 < 2:
        try:
            validate_compose_spec_json__definitions_list_of_strings(data, custom_formats, (name_prefix or "data") + "")
            data_one_of_count22 += 1
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
    if data_one_of_count22 != 1:
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be valid exactly by one definition")
    return data

def validate_compose_spec_json__definitions_list_of_strings(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (list, tuple)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be array")
    data_is_list = isinstance(data, (list, tuple))
    if data_is_list:
        def fn(var): return frozenset(dict((k, fn(v)) for k, v in var.items()).items()) if hasattr(var, "items") else tuple(fn(v) for v in var) if isinstance(var, (dict, list)) else (bool, var) if isinstance(var, bool) else var
        data_len = len(data)
        if data_len > len(set(fn(data_x) for data_x in data)):
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain unique items")
        for data_x, data_item in enumerate(data):
            if not isinstance(data_item, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}]" + " must be string")
    return data

def validate_compose_spec_json__definitions_command(data, custom_formats={}, name_prefix=None):
    data_one_of_count23 = 0
    if data_one_of_count23 < 2:
        try:
            if not isinstance(data, (NoneType)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + " must be null")
            data_one_of_count23 += 1
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
    if data_one_of_count23 < 2:
        try:
            if not isinstance(data, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + " must be string")
            data_one_of_count23 += 1
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
    if data_one_of_count23 < 2:
        try:
            if not isinstance(data, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + " must be array")
            data_is_list = isinstance(data, (list, tuple))
            if data_is_list:
                data_len = len(data)
                for data_x, data_item in enumerate(data):
                    if not isinstance(data_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}]" + " must be string")
            data_one_of_count23 += 1
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
    if data_one_of_count23 != 1:
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be valid exactly by one definition")
    return data

def validate_compose_spec_json__definitions_blkio_weight(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "path" in data_keys:
            data_keys.remove("path")
            data__path = data["path"]
            if not isinstance(data__path, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".path must be string")
        if "weight" in data_keys:
            data_keys.remove("weight")
            data__weight = data["weight"]
            if not isinstance(data__weight, (int, str)) and not (isinstance(data__weight, float) and data__weight.is_integer()) or isinstance(data__weight, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".weight must be integer or string")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate_compose_spec_json__definitions_blkio_limit(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "path" in data_keys:
            data_keys.remove("path")
            data__path = data["path"]
            if not isinstance(data__path, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".path must be string")
        if "rate" in data_keys:
            data_keys.remove("rate")
            data__rate = data["rate"]
            if not isinstance(data__rate, (int, str)) and not (isinstance(data__rate, float) and data__rate.is_integer()) or isinstance(data__rate, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".rate must be integer or string")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate_compose_spec_json__definitions_ulimits(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        for data_key, data_val in data.items():
            if REGEX_PATTERNS['^[a-z]+$'].search(data_key):
                if data_key in data_keys:
                    data_keys.remove(data_key)
                data_val_one_of_count24 = 0
                if data_val_one_of_count24 < 2:
                    try:
                        if not isinstance(data_val, (int, str)) and not (isinstance(data_val, float) and data_val.is_integer()) or isinstance(data_val, bool):
                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".{data_key}" + " must be integer or string")
                        data_val_one_of_count24 += 1
                    except (JsonSchemaValueException, JsonSchemaValuesException): pass
                if data_val_one_of_count24 < 2:
                    try:
                        if not isinstance(data_val, (dict)):
                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".{data_key}" + " must be object")
                        data_val_is_dict = isinstance(data_val, dict)
                        if data_val_is_dict:
                            data_val__missing_keys = set(['soft', 'hard']) - data_val.keys()
                            if data_val__missing_keys:
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".{data_key}" + " must contain ")
                            data_val_keys = set(data_val.keys())
                            if "hard" in data_val_keys:
                                data_val_keys.remove("hard")
                                data_val__hard = data_val["hard"]
                                if not isinstance(data_val__hard, (int, str)) and not (isinstance(data_val__hard, float) and data_val__hard.is_integer()) or isinstance(data_val__hard, bool):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".{data_key}.hard" + " must be integer or string")
                            if "soft" in data_val_keys:
                                data_val_keys.remove("soft")
                                data_val__soft = data_val["soft"]
                                if not isinstance(data_val__soft, (int, str)) and not (isinstance(data_val__soft, float) and data_val__soft.is_integer()) or isinstance(data_val__soft, bool):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".{data_key}.soft" + " must be integer or string")
                            for data_val_key, data_val_val in data_val.items():
                                if REGEX_PATTERNS['^x-'].search(data_val_key):
                                    if data_val_key in data_val_keys:
                                        data_val_keys.remove(data_val_key)
                            if data_val_keys:
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".{data_key}" + " must not contain "+str(data_val_keys)+" properties")
                        data_val_one_of_count24 += 1
                    except (JsonSchemaValueException, JsonSchemaValuesException): pass
                if data_val_one_of_count24 != 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".{data_key}" + " must be valid exactly by one definition")
    return data

def validate_compose_spec_json__definitions_service_config_or_secret(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (list, tuple)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be array")
    data_is_list = isinstance(data, (list, tuple))
    if data_is_list:
        data_len = len(data)
        for data_x, data_item in enumerate(data):
            data_item_one_of_count25 = 0
            if data_item_one_of_count25 < 2:
                try:
                    if not isinstance(data_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}]" + " must be string")
                    data_item_one_of_count25 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if data_item_one_of_count25 < 2:
                try:
                    if not isinstance(data_item, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}]" + " must be object")
                    data_item_is_dict = isinstance(data_item, dict)
                    if data_item_is_dict:
                        data_item_keys = set(data_item.keys())
                        if "source" in data_item_keys:
                            data_item_keys.remove("source")
                            data_item__source = data_item["source"]
                            if not isinstance(data_item__source, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}].source" + " must be string")
                        if "target" in data_item_keys:
                            data_item_keys.remove("target")
                            data_item__target = data_item["target"]
                            if not isinstance(data_item__target, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}].target" + " must be string")
                        if "uid" in data_item_keys:
                            data_item_keys.remove("uid")
                            data_item__uid = data_item["uid"]
                            if not isinstance(data_item__uid, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}].uid" + " must be string")
                        if "gid" in data_item_keys:
                            data_item_keys.remove("gid")
                            data_item__gid = data_item["gid"]
                            if not isinstance(data_item__gid, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}].gid" + " must be string")
                        if "mode" in data_item_keys:
                            data_item_keys.remove("mode")
                            data_item__mode = data_item["mode"]
                            if not isinstance(data_item__mode, (int, float, Decimal, str)) or isinstance(data_item__mode, bool):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}].mode" + " must be number or string")
                        for data_item_key, data_item_val in data_item.items():
                            if REGEX_PATTERNS['^x-'].search(data_item_key):
                                if data_item_key in data_item_keys:
                                    data_item_keys.remove(data_item_key)
                        if data_item_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}]" + " must not contain "+str(data_item_keys)+" properties")
                    data_item_one_of_count25 += 1
                except (JsonSchemaValueException, JsonSchemaValuesException): pass
            if data_item_one_of_count25 != 1:
                raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}]" + " must be valid exactly by one definition")
    return data

def validate_compose_spec_json__definitions_extra_hosts(data, custom_formats={}, name_prefix=None):
    data_one_of_count26 = 0
    if data_one_of_count26 < 2:
        try:
            if not isinstance(data, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
            data_is_dict = isinstance(data, dict)
            if data_is_dict:
                data_keys = set(data.keys())
                for data_key, data_val in data.items():
                    if REGEX_PATTERNS['.+'].search(data_key):
                        if data_key in data_keys:
                            data_keys.remove(data_key)
                        data_val_one_of_count27 = 0
                        if data_val_one_of_count27 < 2:
                            try:
                                if not isinstance(data_val, (str)):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".{data_key}" + " must be string")
                                data_val_one_of_count27 += 1
                            except (JsonSchemaValueException, JsonSchemaValuesException): pass
                        if data_val_one_of_count27 < 2:
                            try:
                                if not isinstance(data_val, (list, tuple)):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".{data_key}" + " must be array")
                                data_val_is_list = isinstance(data_val, (list, tuple))
                                if data_val_is_list:
                                    data_val_len = len(data_val)
                                    for data_val_x, data_val_item in enumerate(data_val):
                                        if not isinstance(data_val_item, (str)):
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".{data_key}[{data_val_x}]" + " must be string")
                                data_val_one_of_count27 += 1
                            except (JsonSchemaValueException, JsonSchemaValuesException): pass
                        if data_val_one_of_count27 != 1:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".{data_key}" + " must be valid exactly by one definition")
                if data_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
            data_one_of_count26 += 1
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
    if data_one_of_count26 < 2:
        try:
            if not isinstance(data, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + " must be array")
            data_is_list = isinstance(data, (list, tuple))
            if data_is_list:
                def fn(var): return frozenset(dict((k, fn(v)) for k, v in var.items()).items()) if hasattr(var, "items") else tuple(fn(v) for v in var) if isinstance(var, (dict, list)) else (bool, var) if isinstance(var, bool) else var
                data_len = len(data)
                if data_len > len(set(fn(data_x) for data_x in data)):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain unique items")
                for data_x, data_item in enumerate(data):
                    if not isinstance(data_item, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}]" + " must be string")
            data_one_of_count26 += 1
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
    if data_one_of_count26 != 1:
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be valid exactly by one definition")
    return data

def validate_compose_spec_json__definitions_deployment(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict, NoneType)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object or null")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "mode" in data_keys:
            data_keys.remove("mode")
            data__mode = data["mode"]
            if not isinstance(data__mode, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".mode must be string")
        if "endpoint_mode" in data_keys:
            data_keys.remove("endpoint_mode")
            data__endpointmode = data["endpoint_mode"]
            if not isinstance(data__endpointmode, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".endpoint_mode must be string")
        if "replicas" in data_keys:
            data_keys.remove("replicas")
            data__replicas = data["replicas"]
            if not isinstance(data__replicas, (int, str)) and not (isinstance(data__replicas, float) and data__replicas.is_integer()) or isinstance(data__replicas, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".replicas must be integer or string")
        if "labels" in data_keys:
            data_keys.remove("labels")
            data__labels = data["labels"]
            validate_compose_spec_json__definitions_list_or_dict(data__labels, custom_formats, (name_prefix or "data") + ".labels")
        if "rollback_config" in data_keys:
            data_keys.remove("rollback_config")
            data__rollbackconfig = data["rollback_config"]
            if not isinstance(data__rollbackconfig, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".rollback_config must be object")
            data__rollbackconfig_is_dict = isinstance(data__rollbackconfig, dict)
            if data__rollbackconfig_is_dict:
                data__rollbackconfig_keys = set(data__rollbackconfig.keys())
                if "parallelism" in data__rollbackconfig_keys:
                    data__rollbackconfig_keys.remove("parallelism")
                    data__rollbackconfig__parallelism = data__rollbackconfig["parallelism"]
                    if not isinstance(data__rollbackconfig__parallelism, (int, str)) and not (isinstance(data__rollbackconfig__parallelism, float) and data__rollbackconfig__parallelism.is_integer()) or isinstance(data__rollbackconfig__parallelism, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".rollback_config.parallelism must be integer or string")
                if "delay" in data__rollbackconfig_keys:
                    data__rollbackconfig_keys.remove("delay")
                    data__rollbackconfig__delay = data__rollbackconfig["delay"]
                    if not isinstance(data__rollbackconfig__delay, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".rollback_config.delay must be string")
                if "failure_action" in data__rollbackconfig_keys:
                    data__rollbackconfig_keys.remove("failure_action")
                    data__rollbackconfig__failureaction = data__rollbackconfig["failure_action"]
                    if not isinstance(data__rollbackconfig__failureaction, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".rollback_config.failure_action must be string")
                if "monitor" in data__rollbackconfig_keys:
                    data__rollbackconfig_keys.remove("monitor")
                    data__rollbackconfig__monitor = data__rollbackconfig["monitor"]
                    if not isinstance(data__rollbackconfig__monitor, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".rollback_config.monitor must be string")
                if "max_failure_ratio" in data__rollbackconfig_keys:
                    data__rollbackconfig_keys.remove("max_failure_ratio")
                    data__rollbackconfig__maxfailureratio = data__rollbackconfig["max_failure_ratio"]
                    if not isinstance(data__rollbackconfig__maxfailureratio, (int, float, Decimal, str)) or isinstance(data__rollbackconfig__maxfailureratio, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".rollback_config.max_failure_ratio must be number or string")
                if "order" in data__rollbackconfig_keys:
                    data__rollbackconfig_keys.remove("order")
                    data__rollbackconfig__order = data__rollbackconfig["order"]
                    if not isinstance(data__rollbackconfig__order, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".rollback_config.order must be string")
                    if not (isinstance(data__rollbackconfig__order, str) and data__rollbackconfig__order == 'start-first' or isinstance(data__rollbackconfig__order, str) and data__rollbackconfig__order == 'stop-first'):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".rollback_config.order must be one of ['start-first', 'stop-first']")
                for data__rollbackconfig_key, data__rollbackconfig_val in data__rollbackconfig.items():
                    if REGEX_PATTERNS['^x-'].search(data__rollbackconfig_key):
                        if data__rollbackconfig_key in data__rollbackconfig_keys:
                            data__rollbackconfig_keys.remove(data__rollbackconfig_key)
                if data__rollbackconfig_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".rollback_config must not contain "+str(data__rollbackconfig_keys)+" properties")
        if "update_config" in data_keys:
            data_keys.remove("update_config")
            data__updateconfig = data["update_config"]
            if not isinstance(data__updateconfig, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".update_config must be object")
            data__updateconfig_is_dict = isinstance(data__updateconfig, dict)
            if data__updateconfig_is_dict:
                data__updateconfig_keys = set(data__updateconfig.keys())
                if "parallelism" in data__updateconfig_keys:
                    data__updateconfig_keys.remove("parallelism")
                    data__updateconfig__parallelism = data__updateconfig["parallelism"]
                    if not isinstance(data__updateconfig__parallelism, (int, str)) and not (isinstance(data__updateconfig__parallelism, float) and data__updateconfig__parallelism.is_integer()) or isinstance(data__updateconfig__parallelism, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".update_config.parallelism must be integer or string")
                if "delay" in data__updateconfig_keys:
                    data__updateconfig_keys.remove("delay")
                    data__updateconfig__delay = data__updateconfig["delay"]
                    if not isinstance(data__updateconfig__delay, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".update_config.delay must be string")
                if "failure_action" in data__updateconfig_keys:
                    data__updateconfig_keys.remove("failure_action")
                    data__updateconfig__failureaction = data__updateconfig["failure_action"]
                    if not isinstance(data__updateconfig__failureaction, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".update_config.failure_action must be string")
                if "monitor" in data__updateconfig_keys:
                    data__updateconfig_keys.remove("monitor")
                    data__updateconfig__monitor = data__updateconfig["monitor"]
                    if not isinstance(data__updateconfig__monitor, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".update_config.monitor must be string")
                if "max_failure_ratio" in data__updateconfig_keys:
                    data__updateconfig_keys.remove("max_failure_ratio")
                    data__updateconfig__maxfailureratio = data__updateconfig["max_failure_ratio"]
                    if not isinstance(data__updateconfig__maxfailureratio, (int, float, Decimal, str)) or isinstance(data__updateconfig__maxfailureratio, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".update_config.max_failure_ratio must be number or string")
                if "order" in data__updateconfig_keys:
                    data__updateconfig_keys.remove("order")
                    data__updateconfig__order = data__updateconfig["order"]
                    if not isinstance(data__updateconfig__order, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".update_config.order must be string")
                    if not (isinstance(data__updateconfig__order, str) and data__updateconfig__order == 'start-first' or isinstance(data__updateconfig__order, str) and data__updateconfig__order == 'stop-first'):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".update_config.order must be one of ['start-first', 'stop-first']")
                for data__updateconfig_key, data__updateconfig_val in data__updateconfig.items():
                    if REGEX_PATTERNS['^x-'].search(data__updateconfig_key):
                        if data__updateconfig_key in data__updateconfig_keys:
                            data__updateconfig_keys.remove(data__updateconfig_key)
                if data__updateconfig_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".update_config must not contain "+str(data__updateconfig_keys)+" properties")
        if "resources" in data_keys:
            data_keys.remove("resources")
            data__resources = data["resources"]
            if not isinstance(data__resources, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".resources must be object")
            data__resources_is_dict = isinstance(data__resources, dict)
            if data__resources_is_dict:
                data__resources_keys = set(data__resources.keys())
                if "limits" in data__resources_keys:
                    data__resources_keys.remove("limits")
                    data__resources__limits = data__resources["limits"]
                    if not isinstance(data__resources__limits, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".resources.limits must be object")
                    data__resources__limits_is_dict = isinstance(data__resources__limits, dict)
                    if data__resources__limits_is_dict:
                        data__resources__limits_keys = set(data__resources__limits.keys())
                        if "cpus" in data__resources__limits_keys:
                            data__resources__limits_keys.remove("cpus")
                            data__resources__limits__cpus = data__resources__limits["cpus"]
                            if not isinstance(data__resources__limits__cpus, (int, float, Decimal, str)) or isinstance(data__resources__limits__cpus, bool):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".resources.limits.cpus must be number or string")
                        if "memory" in data__resources__limits_keys:
                            data__resources__limits_keys.remove("memory")
                            data__resources__limits__memory = data__resources__limits["memory"]
                            if not isinstance(data__resources__limits__memory, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".resources.limits.memory must be string")
                        if "pids" in data__resources__limits_keys:
                            data__resources__limits_keys.remove("pids")
                            data__resources__limits__pids = data__resources__limits["pids"]
                            if not isinstance(data__resources__limits__pids, (int, str)) and not (isinstance(data__resources__limits__pids, float) and data__resources__limits__pids.is_integer()) or isinstance(data__resources__limits__pids, bool):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".resources.limits.pids must be integer or string")
                        for data__resources__limits_key, data__resources__limits_val in data__resources__limits.items():
                            if REGEX_PATTERNS['^x-'].search(data__resources__limits_key):
                                if data__resources__limits_key in data__resources__limits_keys:
                                    data__resources__limits_keys.remove(data__resources__limits_key)
                        if data__resources__limits_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".resources.limits must not contain "+str(data__resources__limits_keys)+" properties")
                if "reservations" in data__resources_keys:
                    data__resources_keys.remove("reservations")
                    data__resources__reservations = data__resources["reservations"]
                    if not isinstance(data__resources__reservations, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".resources.reservations must be object")
                    data__resources__reservations_is_dict = isinstance(data__resources__reservations, dict)
                    if data__resources__reservations_is_dict:
                        data__resources__reservations_keys = set(data__resources__reservations.keys())
                        if "cpus" in data__resources__reservations_keys:
                            data__resources__reservations_keys.remove("cpus")
                            data__resources__reservations__cpus = data__resources__reservations["cpus"]
                            if not isinstance(data__resources__reservations__cpus, (int, float, Decimal, str)) or isinstance(data__resources__reservations__cpus, bool):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".resources.reservations.cpus must be number or string")
                        if "memory" in data__resources__reservations_keys:
                            data__resources__reservations_keys.remove("memory")
                            data__resources__reservations__memory = data__resources__reservations["memory"]
                            if not isinstance(data__resources__reservations__memory, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".resources.reservations.memory must be string")
                        if "generic_resources" in data__resources__reservations_keys:
                            data__resources__reservations_keys.remove("generic_resources")
                            data__resources__reservations__genericresources = data__resources__reservations["generic_resources"]
                            validate_compose_spec_json__definitions_generic_resources(data__resources__reservations__genericresources, custom_formats, (name_prefix or "data") + ".resources.reservations.generic_resources")
                        if "devices" in data__resources__reservations_keys:
                            data__resources__reservations_keys.remove("devices")
                            data__resources__reservations__devices = data__resources__reservations["devices"]
                            validate_compose_spec_json__definitions_devices(data__resources__reservations__devices, custom_formats, (name_prefix or "data") + ".resources.reservations.devices")
                        for data__resources__reservations_key, data__resources__reservations_val in data__resources__reservations.items():
                            if REGEX_PATTERNS['^x-'].search(data__resources__reservations_key):
                                if data__resources__reservations_key in data__resources__reservations_keys:
                                    data__resources__reservations_keys.remove(data__resources__reservations_key)
                        if data__resources__reservations_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".resources.reservations must not contain "+str(data__resources__reservations_keys)+" properties")
                for data__resources_key, data__resources_val in data__resources.items():
                    if REGEX_PATTERNS['^x-'].search(data__resources_key):
                        if data__resources_key in data__resources_keys:
                            data__resources_keys.remove(data__resources_key)
                if data__resources_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".resources must not contain "+str(data__resources_keys)+" properties")
        if "restart_policy" in data_keys:
            data_keys.remove("restart_policy")
            data__restartpolicy = data["restart_policy"]
            if not isinstance(data__restartpolicy, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".restart_policy must be object")
            data__restartpolicy_is_dict = isinstance(data__restartpolicy, dict)
            if data__restartpolicy_is_dict:
                data__restartpolicy_keys = set(data__restartpolicy.keys())
                if "condition" in data__restartpolicy_keys:
                    data__restartpolicy_keys.remove("condition")
                    data__restartpolicy__condition = data__restartpolicy["condition"]
                    if not isinstance(data__restartpolicy__condition, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".restart_policy.condition must be string")
                if "delay" in data__restartpolicy_keys:
                    data__restartpolicy_keys.remove("delay")
                    data__restartpolicy__delay = data__restartpolicy["delay"]
                    if not isinstance(data__restartpolicy__delay, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".restart_policy.delay must be string")
                if "max_attempts" in data__restartpolicy_keys:
                    data__restartpolicy_keys.remove("max_attempts")
                    data__restartpolicy__maxattempts = data__restartpolicy["max_attempts"]
                    if not isinstance(data__restartpolicy__maxattempts, (int, str)) and not (isinstance(data__restartpolicy__maxattempts, float) and data__restartpolicy__maxattempts.is_integer()) or isinstance(data__restartpolicy__maxattempts, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".restart_policy.max_attempts must be integer or string")
                if "window" in data__restartpolicy_keys:
                    data__restartpolicy_keys.remove("window")
                    data__restartpolicy__window = data__restartpolicy["window"]
                    if not isinstance(data__restartpolicy__window, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".restart_policy.window must be string")
                for data__restartpolicy_key, data__restartpolicy_val in data__restartpolicy.items():
                    if REGEX_PATTERNS['^x-'].search(data__restartpolicy_key):
                        if data__restartpolicy_key in data__restartpolicy_keys:
                            data__restartpolicy_keys.remove(data__restartpolicy_key)
                if data__restartpolicy_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".restart_policy must not contain "+str(data__restartpolicy_keys)+" properties")
        if "placement" in data_keys:
            data_keys.remove("placement")
            data__placement = data["placement"]
            if not isinstance(data__placement, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".placement must be object")
            data__placement_is_dict = isinstance(data__placement, dict)
            if data__placement_is_dict:
                data__placement_keys = set(data__placement.keys())
                if "constraints" in data__placement_keys:
                    data__placement_keys.remove("constraints")
                    data__placement__constraints = data__placement["constraints"]
                    if not isinstance(data__placement__constraints, (list, tuple)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".placement.constraints must be array")
                    data__placement__constraints_is_list = isinstance(data__placement__constraints, (list, tuple))
                    if data__placement__constraints_is_list:
                        data__placement__constraints_len = len(data__placement__constraints)
                        for data__placement__constraints_x, data__placement__constraints_item in enumerate(data__placement__constraints):
                            if not isinstance(data__placement__constraints_item, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".placement.constraints[{data__placement__constraints_x}]" + " must be string")
                if "preferences" in data__placement_keys:
                    data__placement_keys.remove("preferences")
                    data__placement__preferences = data__placement["preferences"]
                    if not isinstance(data__placement__preferences, (list, tuple)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".placement.preferences must be array")
                    data__placement__preferences_is_list = isinstance(data__placement__preferences, (list, tuple))
                    if data__placement__preferences_is_list:
                        data__placement__preferences_len = len(data__placement__preferences)
                        for data__placement__preferences_x, data__placement__preferences_item in enumerate(data__placement__preferences):
                            if not isinstance(data__placement__preferences_item, (dict)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".placement.preferences[{data__placement__preferences_x}]" + " must be object")
                            data__placement__preferences_item_is_dict = isinstance(data__placement__preferences_item, dict)
                            if data__placement__preferences_item_is_dict:
                                data__placement__preferences_item_keys = set(data__placement__preferences_item.keys())
                                if "spread" in data__placement__preferences_item_keys:
                                    data__placement__preferences_item_keys.remove("spread")
                                    data__placement__preferences_item__spread = data__placement__preferences_item["spread"]
                                    if not isinstance(data__placement__preferences_item__spread, (str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".placement.preferences[{data__placement__preferences_x}].spread" + " must be string")
                                for data__placement__preferences_item_key, data__placement__preferences_item_val in data__placement__preferences_item.items():
                                    if REGEX_PATTERNS['^x-'].search(data__placement__preferences_item_key):
                                        if data__placement__preferences_item_key in data__placement__preferences_item_keys:
                                            data__placement__preferences_item_keys.remove(data__placement__preferences_item_key)
                                if data__placement__preferences_item_keys:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + f".placement.preferences[{data__placement__preferences_x}]" + " must not contain "+str(data__placement__preferences_item_keys)+" properties")
                if "max_replicas_per_node" in data__placement_keys:
                    data__placement_keys.remove("max_replicas_per_node")
                    data__placement__maxreplicaspernode = data__placement["max_replicas_per_node"]
                    if not isinstance(data__placement__maxreplicaspernode, (int, str)) and not (isinstance(data__placement__maxreplicaspernode, float) and data__placement__maxreplicaspernode.is_integer()) or isinstance(data__placement__maxreplicaspernode, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".placement.max_replicas_per_node must be integer or string")
                for data__placement_key, data__placement_val in data__placement.items():
                    if REGEX_PATTERNS['^x-'].search(data__placement_key):
                        if data__placement_key in data__placement_keys:
                            data__placement_keys.remove(data__placement_key)
                if data__placement_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".placement must not contain "+str(data__placement_keys)+" properties")
        for data_key, data_val in data.items():
            if REGEX_PATTERNS['^x-'].search(data_key):
                if data_key in data_keys:
                    data_keys.remove(data_key)
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate_compose_spec_json__definitions_devices(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (list, tuple)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be array")
    data_is_list = isinstance(data, (list, tuple))
    if data_is_list:
        data_len = len(data)
        for data_x, data_item in enumerate(data):
            if not isinstance(data_item, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}]" + " must be object")
            data_item_is_dict = isinstance(data_item, dict)
            if data_item_is_dict:
                data_item__missing_keys = set(['capabilities']) - data_item.keys()
                if data_item__missing_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}]" + " must contain ")
                data_item_keys = set(data_item.keys())
                if "capabilities" in data_item_keys:
                    data_item_keys.remove("capabilities")
                    data_item__capabilities = data_item["capabilities"]
                    validate_compose_spec_json__definitions_list_of_strings(data_item__capabilities, custom_formats, (name_prefix or "data") + f"[{data_x}].capabilities")
                if "count" in data_item_keys:
                    data_item_keys.remove("count")
                    data_item__count = data_item["count"]
                    if not isinstance(data_item__count, (str, int)) and not (isinstance(data_item__count, float) and data_item__count.is_integer()) or isinstance(data_item__count, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}].count" + " must be string or integer")
                if "device_ids" in data_item_keys:
                    data_item_keys.remove("device_ids")
                    data_item__deviceids = data_item["device_ids"]
                    validate_compose_spec_json__definitions_list_of_strings(data_item__deviceids, custom_formats, (name_prefix or "data") + f"[{data_x}].device_ids")
                if "driver" in data_item_keys:
                    data_item_keys.remove("driver")
                    data_item__driver = data_item["driver"]
                    if not isinstance(data_item__driver, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}].driver" + " must be string")
                if "options" in data_item_keys:
                    data_item_keys.remove("options")
                    data_item__options = data_item["options"]
                    validate_compose_spec_json__definitions_list_or_dict(data_item__options, custom_formats, (name_prefix or "data") + f"[{data_x}].options")
                for data_item_key, data_item_val in data_item.items():
                    if REGEX_PATTERNS['^x-'].search(data_item_key):
                        if data_item_key in data_item_keys:
                            data_item_keys.remove(data_item_key)
                if data_item_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}]" + " must not contain "+str(data_item_keys)+" properties")
    return data

def validate_compose_spec_json__definitions_generic_resources(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (list, tuple)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be array")
    data_is_list = isinstance(data, (list, tuple))
    if data_is_list:
        data_len = len(data)
        for data_x, data_item in enumerate(data):
            if not isinstance(data_item, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}]" + " must be object")
            data_item_is_dict = isinstance(data_item, dict)
            if data_item_is_dict:
                data_item_keys = set(data_item.keys())
                if "discrete_resource_spec" in data_item_keys:
                    data_item_keys.remove("discrete_resource_spec")
                    data_item__discreteresourcespec = data_item["discrete_resource_spec"]
                    if not isinstance(data_item__discreteresourcespec, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}].discrete_resource_spec" + " must be object")
                    data_item__discreteresourcespec_is_dict = isinstance(data_item__discreteresourcespec, dict)
                    if data_item__discreteresourcespec_is_dict:
                        data_item__discreteresourcespec_keys = set(data_item__discreteresourcespec.keys())
                        if "kind" in data_item__discreteresourcespec_keys:
                            data_item__discreteresourcespec_keys.remove("kind")
                            data_item__discreteresourcespec__kind = data_item__discreteresourcespec["kind"]
                            if not isinstance(data_item__discreteresourcespec__kind, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}].discrete_resource_spec.kind" + " must be string")
                        if "value" in data_item__discreteresourcespec_keys:
                            data_item__discreteresourcespec_keys.remove("value")
                            data_item__discreteresourcespec__value = data_item__discreteresourcespec["value"]
                            if not isinstance(data_item__discreteresourcespec__value, (int, float, Decimal, str)) or isinstance(data_item__discreteresourcespec__value, bool):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}].discrete_resource_spec.value" + " must be number or string")
                        for data_item__discreteresourcespec_key, data_item__discreteresourcespec_val in data_item__discreteresourcespec.items():
                            if REGEX_PATTERNS['^x-'].search(data_item__discreteresourcespec_key):
                                if data_item__discreteresourcespec_key in data_item__discreteresourcespec_keys:
                                    data_item__discreteresourcespec_keys.remove(data_item__discreteresourcespec_key)
                        if data_item__discreteresourcespec_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}].discrete_resource_spec" + " must not contain "+str(data_item__discreteresourcespec_keys)+" properties")
                for data_item_key, data_item_val in data_item.items():
                    if REGEX_PATTERNS['^x-'].search(data_item_key):
                        if data_item_key in data_item_keys:
                            data_item_keys.remove(data_item_key)
                if data_item_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + f"[{data_x}]" + " must not contain "+str(data_item_keys)+" properties")
    return data

def validate_compose_spec_json__definitions_development(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict, NoneType)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object or null")
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if "watch" in data_keys:
            data_keys.remove("watch")
            data__watch = data["watch"]
            if not isinstance(data__watch, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".watch must be array")
            data__watch_is_list = isinstance(data__watch, (list, tuple))
            if data__watch_is_list:
                data__watch_len = len(data__watch)
                for data__watch_x, data__watch_item in enumerate(data__watch):
                    if not isinstance(data__watch_item, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + f".watch[{data__watch_x}]" + " must be object")
                    data__watch_item_is_dict = isinstance(data__watch_item, dict)
                    if data__watch_item_is_dict:
                        data__watch_item__missing_keys = set(['path', 'action']) - data__watch_item.keys()
                        if data__watch_item__missing_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".watch[{data__watch_x}]" + " must contain ")
                        data__watch_item_keys = set(data__watch_item.keys())
                        if "ignore" in data__watch_item_keys:
                            data__watch_item_keys.remove("ignore")
                            data__watch_item__ignore = data__watch_item["ignore"]
                            validate_compose_spec_json__definitions_string_or_list(data__watch_item__ignore, custom_formats, (name_prefix or "data") + f".watch[{data__watch_x}].ignore")
                        if "include" in data__watch_item_keys:
                            data__watch_item_keys.remove("include")
                            data__watch_item__include = data__watch_item["include"]
                            validate_compose_spec_json__definitions_string_or_list(data__watch_item__include, custom_formats, (name_prefix or "data") + f".watch[{data__watch_x}].include")
                        if "path" in data__watch_item_keys:
                            data__watch_item_keys.remove("path")
                            data__watch_item__path = data__watch_item["path"]
                            if not isinstance(data__watch_item__path, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".watch[{data__watch_x}].path" + " must be string")
                        if "action" in data__watch_item_keys:
                            data__watch_item_keys.remove("action")
                            data__watch_item__action = data__watch_item["action"]
                            if not isinstance(data__watch_item__action, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".watch[{data__watch_x}].action" + " must be string")
                            if not (isinstance(data__watch_item__action, str) and data__watch_item__action == 'rebuild' or isinstance(data__watch_item__action, str) and data__watch_item__action == 'sync' or isinstance(data__watch_item__action, str) and data__watch_item__action == 'restart' or isinstance(data__watch_item__action, str) and data__watch_item__action == 'sync+restart' or isinstance(data__watch_item__action, str) and data__watch_item__action == 'sync+exec'):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".watch[{data__watch_x}].action" + " must be one of ['rebuild', 'sync', 'restart', 'sync+restart', 'sync+exec']")
                        if "target" in data__watch_item_keys:
                            data__watch_item_keys.remove("target")
                            data__watch_item__target = data__watch_item["target"]
                            if not isinstance(data__watch_item__target, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".watch[{data__watch_x}].target" + " must be string")
                        if "exec" in data__watch_item_keys:
                            data__watch_item_keys.remove("exec")
                            data__watch_item__exec = data__watch_item["exec"]
                            validate_compose_spec_json__definitions_service_hook(data__watch_item__exec, custom_formats, (name_prefix or "data") + f".watch[{data__watch_x}].exec")
                        if "initial_sync" in data__watch_item_keys:
                            data__watch_item_keys.remove("initial_sync")
                            data__watch_item__initialsync = data__watch_item["initial_sync"]
                            if not isinstance(data__watch_item__initialsync, (bool)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + f".watch[{data__watch_x}].initial_sync" + " must be boolean")
                        for data__watch_item_key, data__watch_item_val in data__watch_item.items():
                            if REGEX_PATTERNS['^x-'].search(data__watch_item_key):
                                if data__watch_item_key in data__watch_item_keys:
                                    data__watch_item_keys.remove(data__watch_item_key)
                        if data__watch_item_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + f".watch[{data__watch_x}]" + " must not contain "+str(data__watch_item_keys)+" properties")
        for data_key, data_val in data.items():
            if REGEX_PATTERNS['^x-'].search(data_key):
                if data_key in data_keys:
                    data_keys.remove(data_key)
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
    return data

def validate_compose_spec_json__definitions_include(data, custom_formats={}, name_prefix=None):
    data_one_of_count28 = 0
    if data_one_of_count28 < 2:
        try:
            if not isinstance(data, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + " must be string")
            data_one_of_count28 += 1
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
    if data_one_of_count28 < 2:
        try:
            if not isinstance(data, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object")
            data_is_dict = isinstance(data, dict)
            if data_is_dict:
                data_keys = set(data.keys())
                if "path" in data_keys:
                    data_keys.remove("path")
                    data__path = data["path"]
                    validate_compose_spec_json__definitions_string_or_list(data__path, custom_formats, (name_prefix or "data") + ".path")
                if "env_file" in data_keys:
                    data_keys.remove("env_file")
                    data__envfile = data["env_file"]
                    validate_compose_spec_json__definitions_string_or_list(data__envfile, custom_formats, (name_prefix or "data") + ".env_file")
                if "project_directory" in data_keys:
                    data_keys.remove("project_directory")
                    data__projectdirectory = data["project_directory"]
                    if not isinstance(data__projectdirectory, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".project_directory must be string")
                if data_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties")
            data_one_of_count28 += 1
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
    if data_one_of_count28 != 1:
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be valid exactly by one definition")
    return data

validate = validate_compose_spec_json
