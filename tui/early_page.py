"""The dashboard's first page, asked for before the dashboard exists.

Importing Textual and mounting the main screen take a few hundred milliseconds, and the first
page's answer is a round trip to a provider (or to the demo's sandbox, still starting in its own
process). `EarlyPage.start` sends that request on a thread of its own, with its own event loop
and its own clients (an httpx client belongs to one loop), while the main thread imports and
draws; the main screen's first load then takes the answer instead of asking again
(`view_loading.fetch_page`).

What the client needs is loaded before the thread starts, on the caller's thread: its modules
and its transport's. Two threads importing at once take turns at the import lock and the GIL at
every file either one reads; that cost the first paint of `orderdeck --demo` more than the
overlap gained (a thread that imported its client's modules made it 30 ms slower, 448 against
418 ms), while a thread that only waits for its answers costs almost nothing. The thread opens
the client itself: that reads the profile's secrets, and a keyring may keep it waiting.

The answer is used only by the first load, and only when it asks for exactly what was fetched
(view, query, cursor): anything else is a fresh request, so a page is never shown for a view it
was not fetched for, nor long after it was fetched. The thread notes no profile health itself:
the deck that shows the page does, as if it had fetched it.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import Future
from typing import TYPE_CHECKING, Final

from tui.deck import Deck
from tui.errors import OrderdeckError
from tui.logs import get_logger

if TYPE_CHECKING:
    import httpx

    from tui.config import Config, Profile
    from tui.orders import OrderQuery
    from tui.secrets import SecretStore
    from tui.view_loading import LoadedPage

FIRST_CURSOR: Final = None
"""A view's first page starts from no cursor."""


class _QuietDeck(Deck):
    """The thread's own deck: the same profiles and secrets, its own clients, no health notes
    (the dashboard's deck takes them with the page)."""

    def __init__(self, config: Config, store: SecretStore) -> None:
        super().__init__(config, store, transport_factory=self._transport)
        self._transports: dict[str, httpx.AsyncBaseTransport] = {}

    def prepare(self, names: list[str]) -> None:
        """Load what opening these profiles' clients needs, but their secrets: their client
        modules, and their transports, made now."""
        from tui.providers import registry

        for name in names:
            profile = self.profile(name)
            entry = registry.get(profile.provider)
            if entry is not None:
                entry.load_client()
            self._transports[name] = _blocking_transport(profile)

    def _transport(self, profile: Profile) -> httpx.AsyncBaseTransport:
        made = self._transports.pop(profile.name, None)
        return made if made is not None else _blocking_transport(profile)

    def note(self, name: str, error: BaseException | None) -> None:
        del name, error


def _blocking_transport(profile: Profile) -> httpx.AsyncBaseTransport:
    """The thread's loop waits for one answer at a time: blocking sockets serve it as well,
    without loading the async network stack before the first paint."""
    from tui.providers.http import BlockingTransport

    return BlockingTransport(str(profile.ca_bundle) if profile.ca_bundle else None)


class EarlyPage:
    """One request for the first view's first page, answered on a thread."""

    def __init__(self, view: str) -> None:
        self.view = view
        self.query: OrderQuery | None = None
        """The query the view starts with, known once the thread opened the profile's client."""
        self.answer: Future[LoadedPage] = Future()

    @classmethod
    def start(cls, config: Config, store: SecretStore, initial_view: str | None) -> EarlyPage:
        """Fetch the page a dashboard on `config` opens on (`Deck.first_view`) with the query
        that view starts with, on a daemon thread; hand it to the dashboard's `Deck`."""
        own_deck = _QuietDeck(config, store)
        early = cls(own_deck.first_view(initial_view))
        try:
            from tui.view_loading import fetch_page  # noqa: F401 (loaded for the thread)
            from tui.view_state import ALL_PROFILES

            merged = early.view == ALL_PROFILES
            own_deck.prepare(own_deck.profile_names if merged else [early.view])
        except Exception as error:  # the load that takes it raises it, or asks again
            early.answer.set_exception(error)
            return early
        thread = threading.Thread(
            target=early._run, args=(own_deck,), name="orderdeck-early-page", daemon=True
        )
        thread.start()
        return early

    def _run(self, own_deck: Deck) -> None:
        try:
            answer = asyncio.run(self._fetch(own_deck))
        except BaseException as error:  # the load that takes it raises it, or asks again
            self.answer.set_exception(error)
        else:
            self.answer.set_result(answer)

    async def _fetch(self, own_deck: Deck) -> LoadedPage:
        from tui.view_loading import fetch_page
        from tui.view_state import Views

        async with own_deck:
            # Opening the clients reads their secrets (a keyring may take a while): here.
            self.query = Views(own_deck.capabilities).get(self.view).query
            return await fetch_page(own_deck, self.view, self.query, FIRST_CURSOR)

    async def page_for(self, view: str, query: OrderQuery, cursor: object) -> LoadedPage | None:
        """The fetched page when it is what a load asks for (None otherwise, or when the
        request failed other than as a provider's error, which is raised as the load's)."""
        if view != self.view or cursor is not FIRST_CURSOR:
            return None
        try:
            # Already answered (the usual case): taken at once, so the page can make the
            # screen's first frame instead of waiting for a turn of the event loop.
            answered = self.answer.done()
            page = self.answer.result() if answered else await asyncio.wrap_future(self.answer)
        except OrderdeckError:
            if self.query != query:
                return None
            raise
        except Exception as error:
            get_logger("deck").debug("the early first page failed: %r", error)
            return None
        return page if self.query == query else None
