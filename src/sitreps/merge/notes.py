"""An ACLED-style ``notes`` sentence generated from an event's reconciled fields."""

from __future__ import annotations

VERBS = {
    "Armed clash": "clashed with",
    "Government regains territory": "regained territory from",
    "Non-state actor overtakes territory": "took territory from",
    "Air/drone strike": "conducted an air/drone strike against",
    "Shelling/artillery/missile attack": "shelled",
    "Remote explosive/landmine/IED": "detonated an explosive device against",
    "Suicide bomb": "carried out a suicide bombing against",
    "Grenade": "threw a grenade at",
    "Chemical weapon": "used a chemical weapon against",
    "Sexual violence": "committed sexual violence against",
    "Attack": "attacked",
    "Abduction/forced disappearance": "abducted",
    "Peaceful protest": "held a protest",
    "Protest with intervention": "protested and were met by",
    "Excessive force against protesters": "used lethal or excessive force against",
    "Violent demonstration": "rioted against",
    "Mob violence": "attacked",
    "Arrests": "arrested",
    "Looting/property destruction": "destroyed or looted property of",
}


def notes_for(ev) -> str:
    parts = []
    when = ev.date.date.strftime("%-d %B %Y") if ev.date and ev.date.date else None
    a1 = ev.actor1.name if ev.actor1 else "An unidentified actor"
    a2 = ev.actor2.name if ev.actor2 else None
    sub = ev.sub_event_type
    verb = VERBS.get(sub or "", None)
    if verb and a2:
        core = f"{a1} {verb} {a2}"
    elif verb:
        core = f"{a1} {verb.rsplit(' ', 1)[0] if verb.endswith((' with', ' against', ' from', ' at', ' of', ' by')) else verb}"
    else:
        core = f"{a1}: {sub or ev.plover or 'event'}"
        if a2:
            core += f" involving {a2}"
    if ev.assoc_actor_1:
        core += " (with " + ", ".join(a.name for a in ev.assoc_actor_1) + ")"
    where = ""
    if ev.place is not None:
        rel = "near " if ev.place.geo_precision == 2 else "in "
        loc = ev.place.name
        region = ", ".join(x for x in (ev.place.admin1, ev.place.country) if x and x != loc)
        where = f" {rel}{loc}" + (f" ({region})" if region else "")
    lead = f"On {when}, " if when else ""
    if ev.date and ev.date.background:
        lead = f"Around {ev.date.date.strftime('%B %Y')}, " if ev.date.date else ""
    parts.append(f"{lead}{core}{where}.")
    if ev.fatalities is not None:
        parts.append(f"{ev.fatalities} reported fatalities.")
    if ev.attribution:
        parts.append(f"According to {ev.attribution}.")
    text = " ".join(parts)
    return text[0].upper() + text[1:] if text else text
