"""News articles written for the entity tests, as crawlers send them: plain-text dumps with a title, a
byline, title-case subheadings, a tags line and the publisher's blurb at the end.

Each comes with the people it names (to be published as PERSON) and the headings whose words are no
names (to yield no entity of their own)."""

from __future__ import annotations

MINISTER = "\n".join(
    [
        "Moscow signals caution ahead of UN talks on arms control",
        "By Elena Marchetti",
        "Published: March 4, 2025",
        "Russian Foreign Minister Sergey Lavrov will travel to New York next week for a session of the "
        "United Nations Security Council, the ministry said on Tuesday.",
        "Diplomats in Geneva said the visit could reopen talks on a new arms control framework, which "
        "stalled last year after both sides accused each other of breaching earlier agreements.",
        "Lavrov's UN Visit",
        "Lavrov's impending visit comes as Western governments press Moscow to return to inspections "
        "under the old treaty. A spokeswoman for the ministry said the agenda was still being settled.",
        "Ryabkov's Doubts",
        "Deputy Foreign Minister Sergei Ryabkov told the Interfax news agency that he saw little reason "
        "for optimism. Ryabkov said Washington had not answered Russian proposals made in January.",
        "Context and Implications",
        "Analysts at the Carnegie Endowment said the meeting would test whether either side was ready "
        "to compromise. Foreign Minister Lavrov has said Moscow remains open to dialogue.",
        "What Comes Next",
        "In an interview with state television, Lavrov added that any agreement would have to cover "
        "missile defence as well as warheads.",
        "Tags: Russia, United Nations, Arms Control, Diplomacy",
        "The Daily Meridian is an independent publisher of international news and analysis.",
    ]
)
MINISTER_PEOPLE = ("Sergey Lavrov", "Sergei Ryabkov")

COUNCIL = "\n".join(
    [
        "City council backs new tram line after heated debate",
        "By Tomasz Wojcik",
        "Updated: 9 May 2025",
        "The city council of Leeds voted on Thursday to build a tram line linking the station with the "
        "eastern suburbs, after Councillor Priya Raman won over members who had questioned its cost.",
        "Raman's Case for Trams",
        "Raman told the chamber that the line would take thousands of cars off the ring road each day. "
        "She said the West Yorkshire Combined Authority had promised half of the funding.",
        "Funding and Timetable",
        "The authority's chair, Marcus Bell, confirmed the offer in a letter read out at the meeting. "
        "Bell said construction could begin in 2027 if the Department for Transport approves the plan.",
        "Opposition Voices",
        "Critics led by Councillor Daniel Okafor argued that buses would serve the suburbs more cheaply. "
        "Okafor said he would keep pressing for an independent review of the costs.",
        "Tags: Leeds, Transport, Local Government, Trams",
        "Northern Post covers politics, business and culture across the north of England.",
    ]
)
COUNCIL_PEOPLE = ("Priya Raman", "Marcus Bell", "Daniel Okafor")

LAB = "\n".join(
    [
        "Researchers Race to Map Glaciers Before Summer Melt Peaks",
        "By Ingrid Solberg | Nordic Science Desk",
        "Scientists at the University of Bergen began a three-month survey of glaciers in western Norway "
        "on Monday, using drones fitted with radar to measure the ice from above.",
        "Radar Over Ropes",
        "Project leader Anders Holm said the drones could cover in a day what a team on foot needed a "
        "month to survey. Holm said the first flights had already found two new crevasse fields.",
        "Glaciology Meets Robotics",
        "The university is working with the Norwegian Polar Institute, which will publish the data once "
        "the survey ends in September.",
        "Tags: Science, Climate, Norway, Glaciers",
        "Fjord Review publishes news and analysis on science and the environment in the north.",
    ]
)
LAB_PEOPLE = ("Anders Holm",)

#: Heading words that are no names: an entity named by one of these (alone) is junk.
JUNK = (
    "Doubts",
    "Context and Implications",
    "UN Visit",
    "What Comes Next",
    "Case for Trams",
    "Funding and Timetable",
    "Opposition Voices",
    "Trams",
    "Researchers Race",
    "Glaciers",
    "Radar",
    "Ropes",
    "Radar Over Ropes",
    "Glaciology",
    "Robotics",
    "Glaciology Meets Robotics",
)
