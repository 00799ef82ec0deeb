"""--device selection and aliases (device rows are SYNTHETIC, shaped like devicectl's)."""

from __future__ import annotations

from pathlib import Path

import pytest

from profiler import hardware as catalog
from profiler.device.devicectl import parse_device
from profiler.device.selection import check_ready, matches, select, user_aliases
from profiler.errors import DeviceError, ExitCode, InputError
from tests.fakes import fake_data


def _devices(scenario: str = "two"):
    return tuple(parse_device(r) for r in fake_data.devices(scenario))


@pytest.mark.parametrize("query", [fake_data.PHONE_UDID, fake_data.PHONE_UDID.lower(),
                                   fake_data.PHONE_ID, "Lab iPhone (2)", "lab iphone (2)",
                                   "iphone13promax", "iPhone 13 Pro Max"])
def test_each_kind_of_name_selects_the_phone(query: str) -> None:
    assert select(_devices(), query, aliases={}).udid == fake_data.PHONE_UDID


def test_family_alias_is_ambiguous_with_two_iphone13s() -> None:
    with pytest.raises(DeviceError) as err:
        select(_devices(), "iphone13", aliases={})
    assert err.value.exit_code == ExitCode.DEVICE
    assert "matches 2 connected devices" in err.value.message


def test_unconnected_match_is_not_used() -> None:
    with pytest.raises(DeviceError, match="but it is not connected"):
        select(_devices(), "Old iPad", aliases={})


def test_alias_families() -> None:
    phone, spare, ipad = _devices()
    assert matches(phone, "iphone13") and matches(spare, "iphone13")
    assert not matches(phone, "iphone1") and not matches(phone, "iphone14")
    assert matches(ipad, "ipadprom1") and not matches(ipad, "ipadprom2")
    m2 = {s.product_type for s in catalog.family("ipadprom2")}
    assert m2 == {"iPad14,3", "iPad14,4", "iPad14,5", "iPad14,6"}
    assert {s.marketing_name for s in catalog.family("iphone13")} == {
        "iPhone 13", "iPhone 13 mini", "iPhone 13 Pro", "iPhone 13 Pro Max"}


def test_user_aliases_from_toml(tmp_path: Path) -> None:
    home, cwd = tmp_path / "home.toml", tmp_path / "cwd.toml"
    home.write_text('[aliases]\nlab = "Spare iPhone"\nmine = "x"\n', "utf-8")
    cwd.write_text(f'[aliases]\nLab = "{fake_data.PHONE_UDID}"\n', "utf-8")
    aliases = user_aliases([home, cwd])
    assert aliases == {"lab": fake_data.PHONE_UDID, "mine": "x"}
    assert select(_devices(), "LAB", aliases=aliases).name == "Lab iPhone (2)"
    assert select(_devices(), "lab", aliases=user_aliases([home])).name == "Spare iPhone"


def test_bad_toml_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "profiler.toml"
    bad.write_text("[aliases\n", "utf-8")
    with pytest.raises(InputError) as err:
        user_aliases([bad])
    assert err.value.path == str(bad)


@pytest.mark.parametrize(("scenario", "text"), [("unpaired", "not paired"),
                                                ("devmode-off", "Developer Mode off")])
def test_check_ready(scenario: str, text: str) -> None:
    phone = _devices(scenario)[0]
    with pytest.raises(DeviceError, match=text):
        check_ready(phone)
    check_ready(_devices("one")[0])


def test_no_devices_at_all() -> None:
    with pytest.raises(DeviceError, match="no device found"):
        select((), "iphone13", aliases={})
