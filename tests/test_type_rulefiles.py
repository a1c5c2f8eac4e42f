"""Rule files of the new types: option models catch mistakes with the file and line."""

from __future__ import annotations

import pytest

from jdcheck.rulefile import load_rules
from jdcheck.yamlfile import ConfigError


@pytest.mark.parametrize(("body", "words"), [
    ("checks:\n  V002: {column: size, stock_column: stok}\n", ["stok", "V002"]),
    ("checks:\n  P003: {same_across_rows: false}\n", ["same_across_rows"]),
    ("checks:\n  E004: {pattern: '二三级(', example: x}\n", ["regular expression"]),
    ("checks:\n  H002: {allowed_host: [coupon.jd.com]}\n", ["misspelt"]),
    # a shortened `columns:` is blamed at its own line, naming the inherited check that needs a column
    ("spreadsheet:\n  columns:\n    - {name: SKU编码, key: sku, kind: sku}\n", ["mine.yaml:3:", "no column with key", "inherited check"]),
])
def test_mistakes_stop_with_file_and_line(tmp_path, body, words):
    base = "platform" if "H002" in body else "channel"
    path = tmp_path / "mine.yaml"
    path.write_text(f"extends: {base}\n{body}", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_rules(path)
    text = str(caught.value)
    assert "mine.yaml" in text or base in text
    for word in words:
        assert word in text, text


def test_key_size_number_is_text(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("extends: channel\nkey_size: 38\n", encoding="utf-8")
    assert load_rules(path).key_size == "38"
