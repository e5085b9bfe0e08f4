"""The data-driven sentences of a city report, written from its facts.

Each method renders one sentence of the catalogue (``sentences.<name>.<key>``) in the
variant its fact chose (:mod:`exceed_analysis.reports.facts`); nothing here tests the data
beyond asking the facts. The city report puts the sentences into its sections.

Examples
--------
>>> from exceed_analysis.reports.claims import Count, Split
>>> from exceed_analysis.reports.text import catalogue
>>> facts = {"beneficiaries": Count(20), "sex": Split("F", 10, "M", 10)}
>>> w = CityWords(catalogue("en"), facts, city_name="Sambas",
...               months="2012", sectors=("perkebunan",))
>>> str(w.sex(table_no=1))
'<p>Table 1 shows as many girls as boys: 10 each (50.00 %).</p>'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

from exceed_analysis.reports.claims import Count
from exceed_analysis.reports.text import Catalogue
from exceed_analysis.reports.wording import without_note

__all__ = ["CityWords", "ProgrammeWords", "plain_refs"]


def plain_refs(text: Catalogue, first: int, last: int | None = None) -> dict[str, Markup]:
    """The plain names of a table or a span of tables (``tabel 1``, ``Tabel 1 sampai 4``;
    ``Table 1``, ``Tables 1 to 4``), for a sentence rendered without the report's linked
    references (:func:`exceed_analysis.reports.apparatus.references`)."""
    word = text.phrase("table")
    if last is None or last == first:
        name = f"{word} {first}"
    elif text.language == "id":
        name = f"{word} {first} sampai {last}"
    else:
        name = f"{word}s {first} to {last}"
    inside = name[0].lower() + name[1:] if text.language == "id" else name
    return {"ref": Markup("{}").format(inside), "Ref": Markup("{}").format(name)}


@dataclass
class CityWords:
    """Sentences of one city report: its catalogue, facts and a little context."""

    text: Catalogue
    facts: Mapping
    city_name: str = ""
    months: str = ""
    sectors: Sequence[str] = ()
    findings: Mapping[str, Sequence[str]] = field(default_factory=dict)
    city: object = None

    @property
    def total(self):
        return self.facts["beneficiaries"].n

    def _say(self, name: str, fact, **context) -> Markup:
        return self.text.sentence(name, fact.key, **context)

    def _refs(self, table_no: int, refs: Mapping[str, Markup] | None) -> dict:
        """How a sentence names its exhibit: ``ref`` inside a sentence, ``Ref`` at its
        start. The report passes linked references naming the chart too
        (:func:`exceed_analysis.reports.apparatus.references`); alone, the table's number."""
        if refs is not None:
            return {"ref": refs["ref"], "Ref": refs["Ref"]}
        return plain_refs(self.text, table_no)

    def _ctx(self) -> dict:
        return {
            "months": self.months,
            "total": self.total,
            "sector_children": self.text.sector_words(self.sectors, "children"),
            "sector_victims": self.text.sector_words(self.sectors, "victims"),
            "city": self.city if self.city is not None else {"name": self.city_name},
        }

    def _finding(self, section: str) -> Markup:
        found = self.findings.get(section) or []
        return Markup("").join(Markup(" {}").format(f) for f in found)

    # ------------------------------------------------------------ partners and parts

    def _parts_of(self, parts) -> list[Markup]:
        return [self.text.sentence("part_of", code=p.code, n=p.n, of=p.of) for p in parts.listed]

    def _by_partner(self, name: str, parts) -> Markup:
        return self._say(name, parts, parts=self._parts_of(parts), without=[p.code for p in parts.none])

    def partners(self) -> Markup:
        parts = self.facts["partners"]
        listed = [self.text.sentence("part_count", code=p.code, n=p.n) for p in parts.listed]
        return self._say("partners", parts, parts=listed, without=[p.code for p in parts.none])

    # ------------------------------------------------------------ beneficiaries

    def beneficiaries(self) -> Markup:
        return self._say(
            "beneficiaries", self.facts["beneficiaries"], **self._ctx(), partners=self.partners()
        )

    def sex(self, table_no: int, refs: Mapping[str, Markup] | None = None) -> Markup:
        s = self.facts["sex"]
        return self._say(
            "sex",
            s,
            **{**self._ctx(), "total": s.total},
            **self._refs(table_no, refs),
            major=self.text.label("sex", s.major),
            minor=self.text.label("sex", s.minor),
            major_n=s.major_n,
            minor_n=s.minor_n,
            major_code=s.major,
            minor_code=s.minor,
        )

    def age(self, table_no: int, refs: Mapping[str, Markup] | None = None) -> Markup:
        t = self.facts["age"]
        return self._say(
            "age",
            t,
            **self._ctx(),
            **self._refs(table_no, refs),
            top=list(t.winners),
            n=t.n,
            youngest=self.facts["youngest"].age,
        )

    def comparison(self, previous_months: str) -> Markup:
        return self.text.render(
            "perbandingan",
            previous_months=previous_months,
            intakes=self._say("intakes", self.facts["intakes"], n=self.facts["intakes"].n),
            exits=self._say("exits", self.facts["exits"], n=self.facts["exits"].n),
        )

    # ------------------------------------------------------------ services

    def outreach(self) -> Markup:
        f = self.facts
        participants = self._say("participants", f["outreach_participants"], n=f["outreach_participants"].n)
        activity = self._say(
            "outreach", f["outreach"], **self._ctx(), n=f["outreach"].n, participants=participants
        )
        intakes = self._say("intakes", f["intakes"], n=f["intakes"].n)
        return self.text.render("outreach", **self._ctx(), activity=activity, intakes=intakes)

    def counselled(self, mean_sessions: float) -> Markup:
        f = self.facts
        t = f["trafficking"]
        trafficking = self._say("trafficking", t, n=t.subject, a=t.a)
        return self._say(
            "counselled",
            f["counselled"],
            **self._ctx(),
            n=f["counselled"].n,
            mean=mean_sessions,
            trafficking=trafficking,
        )

    def health(self) -> Markup:
        f = self.facts
        sti = self._say("sti", f["sti"], n=f["sti"].n)
        return self._say(
            "health",
            f["health"],
            **self._ctx(),
            n=f["health"].n,
            sti=sti,
            by_partner=self._by_partner("served_by_partner", f["health_by_partner"]),
        )

    def basic(self) -> Markup:
        f = self.facts
        items = [self.text.data["kit"][i] for i in f["kit"].items]
        return self._say(
            "basic",
            f["basic"],
            **self._ctx(),
            n=f["basic"].n,
            items=items,
            by_partner=self._by_partner("served_by_partner", f["basic_by_partner"]),
        )

    def reintegration(self) -> Markup:
        f = self.facts
        support = self._say("family_support", f["family_support"], n=f["family_support"].n)
        body = self._say(
            "with_family",
            f["with_family"],
            **self._ctx(),
            n=f["with_family"].n,
            family_support=support,
            finding=self._finding("reintegration"),
        )
        care = self._say("alternative_care", f["alternative_care"], n=f["alternative_care"].n)
        return body + (Markup("\n") + care if care else Markup(""))

    # ------------------------------------------------------------ education

    def schooling(self, table_no: int, refs: Mapping[str, Markup] | None = None) -> Markup:
        f = self.facts
        s = f["schooling"]
        parts = f["in_school_parts"]
        listed = [self.text.sentence(f"in_school_part/{p.code}", n=p.n) for p in parts.listed]
        in_school_parts = self.text.sentence("in_school_parts", "parts" if listed else "none", parts=listed)
        return self._say(
            "schooling",
            s,
            **self._ctx(),
            **self._refs(table_no, refs),
            major_text=self.text.sentence("schooling_state", s.major),
            not_in_school=s.first_n,
            in_school=s.second_n,
            in_school_parts=in_school_parts,
        )

    def education(
        self, table_no: int, partner_labels: Mapping[str, str], refs: Mapping[str, Markup] | None = None
    ) -> Markup:
        f = self.facts
        bc = f["bridging"]
        parts = [
            self.text.sentence(
                "bridging_part_all" if p.n == p.of else "bridging_part", label=p.code, n=p.n, of=p.of
            )
            for p in bc.listed
        ]
        single = bc.parts[0] if bc.parts else None
        instead = f["counselling_instead"]
        return self._say(
            "education_any",
            f["education_any"],
            **self._ctx(),
            **self._refs(table_no, refs),
            bridging=self._say(
                "bridging", bc, parts=parts, n=single.n if single else 0, of=single.of if single else 0
            ),
            counselling_instead=self._say("counselling_instead", instead, names=list(instead.codes)),
        )

    def courses(self, table_no: int, refs: Mapping[str, Markup] | None = None) -> Markup:
        t = self.facts["courses"]
        return self._say(
            "courses",
            t,
            **self._ctx(),
            **self._refs(table_no, refs),
            n=t.n,
            of=t.of,
            top=[without_note(self.text.label("skills_course", k)) for k in t.winners],
        )

    def interns(self) -> Markup:
        f = self.facts
        parts = f["interns_by_partner"]
        listed = [self.text.sentence("part_count", code=p.code, n=p.n) for p in parts.listed]
        g = f["interns_not_all"]
        return self._say(
            "interns",
            f["interns"],
            **self._ctx(),
            n=f["interns"].n,
            by_partner=self._say("interns_by_partner", parts, parts=listed),
            not_all=self._say("interns_not_all", g, a=g.a),
        )

    # ------------------------------------------------------------ community and government

    def awareness(self) -> Markup:
        f = self.facts
        parts = [self.text.count_of(c.n, k) for k, c in f["awareness_parts"].items() if c.key != "zero"]
        participants = self._say("participants", f["awareness_participants"], n=f["awareness_participants"].n)
        return self._say("awareness", f["awareness"], **self._ctx(), parts=parts, participants=participants)

    def task_force_activity(self) -> Markup:
        f = self.facts
        nouns = {"task_force_meeting": "meeting", "field_visit": "field_visit"}
        shown = [(k, c) for k, c in f["task_force_parts"].items() if c.key != "zero"]
        parts = [self.text.count_of(c.n, nouns[k]) for k, c in shown]
        single = len(shown) == 1 and Count(shown[0][1].n).key == "one"
        verb = self.text.sentence("verb", "one" if single else "other")
        return self._say(
            "task_force_activity", f["task_force_activity"], **self._ctx(), parts=parts, verb=verb
        )

    def task_force(self, task_force: Mapping | None) -> Markup:
        """The task force's lead, members, functions and rhythm (from the city's notes),
        and what partners reported of it in this period."""
        if not task_force:
            return Markup("")
        out = self.text.render("task_force", tf=task_force)
        finding = self._finding("task_force")
        return out + (Markup("\n<p>{}</p>").format(Markup(finding).strip()) if finding else Markup(""))


@dataclass
class ProgrammeWords:
    """Sentences of the programme report, from :func:`exceed_analysis.reports.facts.programme_facts`.
    ``city_names`` maps a city slug to its name."""

    text: Catalogue
    facts: Mapping
    city_names: Mapping[str, str]
    months: str = ""

    def _say(self, name: str, fact, **context) -> Markup:
        return self.text.sentence(name, fact.key, **context)

    def beneficiaries(
        self, n_cities: int, first_table: int, last_table: int, refs: Mapping[str, Markup] | None = None
    ) -> Markup:
        f = self.facts
        total = f["beneficiaries"].n
        types = [
            self.text.sentence(f"type_part/{t}", n=f[t].n, total=total)
            for t in ("withdrawn", "prevented")
            if f[t].key != "zero"
        ]
        top_city = f["top_city"]
        top_age = f["top_age_group"]
        return self._say(
            "beneficiaries",
            f["beneficiaries"],
            months=self.months,
            total=total,
            n_cities=n_cities,
            types=types,
            **(refs if refs is not None else plain_refs(self.text, first_table, last_table)),
            top_city=self._say(
                "top_city", top_city, n=top_city.n, top=[self.city_names.get(s, s) for s in top_city.winners]
            ),
            girls=self._say("girls", f["girls"], n=f["girls"].n, total=total),
            top_age_group=self._say(
                "top_age_group",
                top_age,
                n=top_age.n,
                total=total,
                top=[self.text.label("age_group", g) for g in top_age.winners],
            ),
        )

    def education(self) -> dict:
        """``parts``, ``without`` and ``top`` for the education section's template."""
        f = self.facts
        total = f["beneficiaries"].n
        shown = [(k, c) for k, c in f["education"].items() if c.key != "zero"]
        zero = [self.text.label("education", k) for k, c in f["education"].items() if c.key == "zero"]
        top = f["top_education"]
        return {
            "parts": [
                self.text.sentence("education_part", label=self.text.label("education", k), n=c.n)
                for k, c in shown
            ],
            "without": self.text.sentence(
                "education_without", "some" if zero and shown else "none", names=zero
            ),
            "top": self._say(
                "top_education",
                top,
                n=top.n,
                total=total,
                top=[self.text.label("education", k) for k in top.winners],
            ),
        }

    def best_worst(self) -> Markup:
        best, worst = self.facts["best_withdrawn"], self.facts["worst_withdrawn"]
        pair = (
            best.key in ("one", "tie")
            and worst.key in ("one", "tie")
            and not set(best.winners) & set(worst.winners)
        )
        return self.text.sentence(
            "best_worst",
            "pair" if pair else "none",
            best=[self.city_names.get(s, s) for s in best.winners],
            best_share=best.n,
            worst=[self.city_names.get(s, s) for s in worst.winners],
            worst_share=-worst.n,
        )

    def trend_direction(self, first: int, last: int) -> Markup:
        key = "same" if first == last else "greater" if last > first else "not_greater"
        return self.text.sentence("trend_direction", key)
