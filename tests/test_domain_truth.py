"""Issue 13: rules cited to the article, successions as data, and counts that hold on the model's own date."""

from __future__ import annotations

from datetime import date

from kennisgraaf import catalog
from kennisgraaf.namespaces import expand
from kennisgraaf.path import resolve
from kennisgraaf.timeline import law_successions


def test_bijstand_registration_is_an_obligation_not_a_precondition(domain, kg):
    # Pw art. 40(2) (WWB art. 40 with the GBA before 2014): a postal address is an obligation attached to the grant.
    assert "pc:bijstand-vereist-brp-adres" not in domain.preconditions
    assert kg.ask("ASK { pc:bijstand-vereist-brp-adres a kg:AttachedObligation ; "
                  "kg:citingArticle 'jci1.3:c:BWBR0015703&artikel=40' }")
    for day in (date(2008, 6, 1), date(2016, 1, 1)):
        steps = {n for n, k in resolve(domain, "case:paspoort-uitkering", on=day).nodes(data="kind") if k == "provision"}
        assert "svc:algemene-bijstand" in steps and not steps & {"svc:brp-inschrijving", "svc:gba-inschrijving"}


def test_wgs_lawful_residence_holds_only_for_a_foreign_national(domain):
    pc = domain.preconditions["pc:schuldhulp-vereist-rechtmatig-verblijf"]
    assert (pc.dependent, pc.prerequisite) == ("svc:schuldhulpverlening", "svc:verblijfsvergunning")
    # gescheiden-vrouw (no residence need) gets debt help without a residence permit step.
    steps = {n for n, k in resolve(domain, "case:gescheiden-vrouw").nodes(data="kind") if k == "provision"}
    assert "svc:schuldhulpverlening" in steps and "svc:verblijfsvergunning" not in steps


def test_successions_are_the_stated_ones(kg):
    got = {(s.predecessor, s.successor): (s.day.isoformat(), s.citing_article, s.partial) for s in law_successions(kg)}
    assert got[("law:BWBR0006723", "law:BWBR0033715")] == ("2014-01-06", "jci1.3:c:BWBR0033715&artikel=4.19", False)
    assert got[("law:BWBR0022337", "law:BWBR0029497")] == ("2011-02-01", "jci1.3:c:BWBR0029497", False)
    assert got[("law:BWBR0002614", "law:BWBR0035362")][2] is True  # AWBZ -> Wmo 2015 only in part
    assert len(got) == 11
    assert not any(s.successor == "law:BWBR0005537" for s in law_successions(kg))  # the Awb replaces nothing


def test_every_counted_entity_is_in_force_on_the_reference_date(kg):
    model = expand("model:enschede-2008")
    assert catalog.reference_date(kg, model) == date(2008, 6, 1)
    # Nothing drops out when the count is restricted to what is in force that day.
    assert catalog.count_model(kg, model) == catalog.count_model(kg, model, date(2008, 6, 1))
