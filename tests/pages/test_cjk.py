"""A line break inside a wrapped Chinese paragraph must not become a space."""

from __future__ import annotations

from generator.pages.cjk import join_cjk_lines


def test_breaks_between_chinese_characters_are_removed() -> None:
    assert (
        join_cjk_lines("<p>十六年过去了，\n他从一位普通业主，\n  变成了</p>")
        == "<p>十六年过去了，他从一位普通业主，变成了</p>"
    )


def test_breaks_next_to_latin_text_stay() -> None:
    assert join_cjk_lines("<p>欢迎\nJohn\n来到\n2026 年</p>") == "<p>欢迎\nJohn\n来到\n2026 年</p>"


def test_verbatim_blocks_are_left_alone() -> None:
    html = "<pre><code>第一行\n第二行</code></pre><p>再\n见</p><code>代\n码</code><script>a='中\n文'</script>"
    assert join_cjk_lines(html) == (
        "<pre><code>第一行\n第二行</code></pre><p>再见</p><code>代\n码</code><script>a='中\n文'</script>"
    )
