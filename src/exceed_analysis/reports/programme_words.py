"""The programme report's sentences, chosen from its facts
(:func:`exceed_analysis.reports.programme_claims.programme_facts`): the templates of
``templates/text/programme-<language>.yml`` only place finished sentences.

Each method renders the catalogue's ``sentences.<name>.<key>`` for the key its fact chose:
the quarterly trend (rise, fall, same, from or to zero, a peak inside the series), the
cities ranked first (every tied city named, none when a withheld value could be as large),
the cumulative children against the targets (a zero phrased naturally), the family-contact
baseline (the shares above zero) and the cities where the programme had not yet started.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from exceed_analysis.figures.registry import RANKED
from exceed_analysis.reports.programme_claims import BASELINE_CONTACTS
from exceed_analysis.reports.sentences import ProgrammeWords, plain_refs

__all__ = ["ProgrammeSentences"]


@dataclass
class ProgrammeSentences(ProgrammeWords):
    """:class:`~exceed_analysis.reports.sentences.ProgrammeWords` and the sentences of the
    report's other sections."""

    def not_started(self) -> Markup:
        """Where the programme had not yet started (nothing when it runs everywhere)."""
        f = self.facts["not_started"]
        return self.text.sentence("not_started", f.key, names=list(f.names))

    def education_body(self, table_no: int, refs: Mapping[str, Markup] | None = None) -> Markup:
        """The education section: the services counted, or that there were none."""
        counts = self.facts["education"]
        key = "none" if all(c.key == "zero" for c in counts.values()) else "some"
        refs = refs if refs is not None else plain_refs(self.text, table_no)
        return self.text.sentence("education", key, months=self.months, **refs, **self.education())

    def trend(self, labels: Sequence[str], table_no: int, refs: Mapping[str, Markup] | None = None) -> Markup:
        """The children served quarter by quarter: first and last quarter, the peak."""
        t = self.facts["trend"]
        peak = self.text.sentence(
            "trend_peak",
            t.peak_key,
            quarter=labels[t.peak_index] if labels else "",
            n=t.peak,
        )
        return self.text.sentence(
            "trend",
            t.key,
            first_quarter=labels[0] if labels else "",
            first=t.first,
            last_quarter=labels[-1] if labels else "",
            last=t.last,
            peak=peak,
            n_quarters=len(t.totals),
            **(refs if refs is not None else plain_refs(self.text, table_no)),
        )

    def ranking(self, table_no: int, total: int, refs: Mapping[str, Markup] | None = None) -> Markup:
        """The ranking: how to read it, and the cities ranked first on each figure."""
        leaders = []
        for h in RANKED:
            top = self.facts["leaders"][h.name]
            if top.key in ("one", "tie"):
                leaders.append(
                    self.text.sentence(
                        "leader",
                        top.key,
                        cities=[self.city_names.get(s, s) for s in top.winners],
                        label=self.text.label("headline", h.name),
                        n=top.n,
                    )
                )
        said = self.text.sentence("ranking_leaders", "some" if leaders else "none", leaders=leaders)
        refs = refs if refs is not None else plain_refs(self.text, table_no)
        return self.text.sentence("ranking", "some" if total else "none", **refs, leaders=said)

    def cumulative_parts(self, targets: dict[str, int]) -> dict[str, Markup]:
        """``withdrawn`` and ``prevented``: the children since the start against the target."""
        out = {}
        for t, count in self.facts["cumulative"].items():
            out[t] = self.text.sentence(f"cumulative_{t}", count.key, n=count.n, target=targets[t])
        return out

    def baseline(self, labels: dict[str, str], sectors: Sequence[str]) -> list[Markup]:
        """One part per group of the baseline: its shares of each family contact."""
        parts = []
        for s in sectors:
            f = self.facts["baseline"][s]
            shares = [
                self.text.sentence(f"contact_share/{c}", p=f.stated_shares[c])
                for c in BASELINE_CONTACTS
                if c in f.stated_shares
            ]
            parts.append(self.text.sentence("baseline_group", f.key, label=labels[s], shares=shares))
        return parts
