"""Debouncer: the same card again within the window is reported once."""

from __future__ import annotations

from counter_app.adapters.card_reader import Debouncer


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_same_card_within_window_reported_once_then_again_after():
    clock = Clock()
    debouncer = Debouncer(2.0, clock=clock)
    assert debouncer.accept("0123456789")
    clock.now += 1.9
    assert not debouncer.accept("0123456789")
    clock.now += 2.0
    assert debouncer.accept("0123456789")


def test_window_slides_while_the_card_keeps_being_resent():
    clock = Clock()
    debouncer = Debouncer(2.0, clock=clock)
    assert debouncer.accept("0123456789")
    for _ in range(5):  # a card left on the reader, resent every 1.5 s
        clock.now += 1.5
        assert not debouncer.accept("0123456789")


def test_another_card_is_reported_and_makes_the_first_new_again():
    clock = Clock()
    debouncer = Debouncer(2.0, clock=clock)
    assert debouncer.accept("0123456789")
    assert debouncer.accept("9876543210")
    assert debouncer.accept("0123456789")


def test_zero_window_reports_every_read():
    debouncer = Debouncer(0.0, clock=Clock())
    assert debouncer.accept("0123456789")
    assert debouncer.accept("0123456789")
