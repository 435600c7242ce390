"""Realistic requester replies in seven languages, written before tuning (issue 18).

Each reply answers one of a few scenarios: the owner's zone, the requester's
zone when known, and three offered options A/B/C. The expected reading is an
option letter, a counter-proposal (`YYYY-MM-DD HH:MM` in the OWNER's zone) or
`none` (not certain: the owner is asked). A third of the replies carry their
history: our proposal quoted below (Gmail / Apple "On … wrote:" headers in the
reply's language, Outlook From:/Sent: blocks, bottom-posting) and signatures
(sign-offs, mobile lines, company blocks with phone numbers and office hours).

Conventions the expectations follow, written down before measuring:
- a time with no zone named, from a requester whose zone differs from the
  owner's, matches an option in either zone (our proposal shows both); as a
  counter-proposal it is read in the requester's zone;
- "my time" is the requester's zone, and "none" when that zone is unknown;
- two options (or two days) offered as alternatives leave the choice: none;
- an offered time "but later/earlier", or "at X instead of Y": a counter.

This set was written before any change to the reader and is the yardstick of
`python -m tests.reply_readers`; do not tune it to the reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from inviteassist.models import Option


@dataclass(frozen=True)
class Scenario:
    owner_zone: str
    requester_zone: str | None
    starts: tuple[str, str, str]  # A, B, C in the owner's zone
    received: str = "2026-12-03 09:30"  # Thursday, in the owner's zone

    @property
    def options(self) -> tuple[Option, ...]:
        zone = ZoneInfo(self.owner_zone)
        result = []
        for label, start in zip("ABC", self.starts, strict=True):
            begin = datetime.fromisoformat(start).replace(tzinfo=zone)
            result.append(Option(label, begin, begin + timedelta(minutes=30), f"{label}@set"))
        return tuple(result)

    @property
    def received_at(self) -> datetime:
        return datetime.fromisoformat(self.received).replace(tzinfo=ZoneInfo(self.owner_zone))


SCENARIOS: dict[str, Scenario] = {
    # Europe, same zone as the owner (Berlin, Paris, Madrid, Rome, Amsterdam).
    "eu": Scenario("Europe/Berlin", "Europe/Berlin",
                   ("2026-12-08 10:00", "2026-12-09 15:00", "2026-12-11 11:30")),
    # Requester in New York: A 09:00, B 11:00, C 10:00 Eastern.
    "ny": Scenario("Europe/Berlin", "America/New_York",
                   ("2026-12-08 15:00", "2026-12-09 17:00", "2026-12-10 16:00")),
    # Requester in Los Angeles: A Mon 09:00, B Wed 10:00, C Fri 08:30 Pacific.
    "la": Scenario("Europe/Berlin", "America/Los_Angeles",
                   ("2026-12-07 18:00", "2026-12-09 19:00", "2026-12-11 17:30")),
    # Owner in Lisbon, requester in São Paulo: A 11:00, B 13:00, C 10:00 Brasília.
    "sp": Scenario("Europe/Lisbon", "America/Sao_Paulo",
                   ("2026-12-08 14:00", "2026-12-10 16:00", "2026-12-11 13:00")),
    # Owner in Berlin, requester in Lisbon: A 10:00, B 14:00, C 09:00 Lisbon.
    "lis": Scenario("Europe/Berlin", "Europe/Lisbon",
                    ("2026-12-08 11:00", "2026-12-09 15:00", "2026-12-11 10:00")),
    # Owner in New York, requester in Paris: A 15:00, B 16:30, C 17:00 Paris.
    "nyo": Scenario("America/New_York", "Europe/Paris",
                    ("2026-12-08 09:00", "2026-12-09 10:30", "2026-12-10 11:00")),
    # As "eu", but the requester's zone is unknown.
    "unk": Scenario("Europe/Berlin", None,
                    ("2026-12-08 10:00", "2026-12-09 15:00", "2026-12-11 11:30")),
}


@dataclass(frozen=True)
class Reply:
    lang: str
    scenario: str
    body: str  # what the requester newly wrote
    expect: str  # "A" | "B" | "C" | "none" | "YYYY-MM-DD HH:MM" (owner's zone)
    quote: str | None = None  # "gmail" | "gmail-wrapped" | "apple" | "outlook" | "bottom"
    signature: str | None = None  # "name" | "corp" | "mobile" | "dashes"

    @property
    def setting(self) -> Scenario:
        return SCENARIOS[self.scenario]

    @property
    def text(self) -> str:
        """The reply's plain-text body as the mail client wrote it."""
        mine = self.body
        if self.signature:
            mine += "\n\n" + SIGNATURES[self.lang][self.signature]
        if self.quote is None:
            return mine
        history = quoted_history(self.lang, self.setting, self.quote)
        if self.quote == "bottom":
            return f"{history}\n\n{mine}\n"
        return f"{mine}\n\n{history}\n"


def R(lang: str, scenario: str, body: str, expect: str, quote: str | None = None,
      signature: str | None = None) -> Reply:
    return Reply(lang, scenario, body, expect, quote, signature)


REPLIES: tuple[Reply, ...] = (
    # ---- English -------------------------------------------------------------------
    R("en", "eu", "B", "B"),
    R("en", "eu", "B.", "B"),
    R("en", "eu", "Option B!", "B"),
    R("en", "eu", "b", "B"),
    R("en", "eu", "A or C both work for me — whichever suits you.", "none"),
    R("en", "eu", "Either Tuesday or Friday works on my end.", "none"),
    R("en", "eu", "B but 30 minutes later if possible?", "2026-12-09 15:30"),
    R("en", "eu", "Could we do Tuesday at 11 instead of 10?", "2026-12-08 11:00"),
    R("en", "eu", "Hi Sam,\n\nthe 9th works for me.", "B", "gmail", "name"),
    R("en", "eu", "Wednesday the 9th is great.", "B"),
    R("en", "eu", "Thanks for reaching out! None of those suit me unfortunately. How about "
      "Tuesday the 15th at 10am?", "2026-12-15 10:00", "gmail-wrapped", "corp"),
    R("en", "ny", "Tuesday 9am EST works.", "A"),
    R("en", "ny", "Hi Sam, could we do Thursday at 2pm Eastern instead?", "2026-12-10 20:00",
      "outlook", "corp"),
    R("en", "la", "Wednesday at 10am Pacific time is perfect, talk then.", "B", "gmail",
      "mobile"),
    R("en", "la", "10am my time on Wednesday works", "B"),
    R("en", "unk", "Wednesday at 3pm my time works", "none"),
    R("en", "eu", "Thanks! I'll be travelling that week, so I'll get back to you with a time.",
      "none", "apple", "mobile"),
    R("en", "ny", "Sounds good — let's do C. Talk then!", "C", "gmail", "corp"),
    R("en", "eu", "Friday works, but could we start at 12 rather than 11:30?",
      "2026-12-11 12:00"),
    R("en", "la", "Monday 9am PST works.", "A"),
    R("en", "eu", "I can't make Tuesday. Wednesday afternoon is good though.", "B", "outlook",
      "dashes"),
    R("en", "eu", "A works, though could we push it back an hour?", "2026-12-08 11:00",
      "bottom", "name"),
    R("en", "eu", "Let me check my calendar and come back to you next week.", "none"),

    # ---- German --------------------------------------------------------------------
    R("de", "eu", "B", "B", "gmail", "name"),
    R("de", "eu", "Option C!", "C"),
    R("de", "eu", "Dienstagvormittag passt mir gut.", "A"),
    R("de", "eu", "Hallo Sam,\nMittwochnachmittag wäre ideal.", "B", "outlook", "corp"),
    R("de", "eu", "Am 9. um 15 Uhr passt es.", "B"),
    R("de", "eu", "Am 9. passt es mir.", "B", "apple", "mobile"),
    R("de", "eu", "Dienstag oder Freitag, beides geht bei mir.", "none"),
    R("de", "eu", "A oder C, mir ist beides recht.", "none"),
    R("de", "eu", "B, aber eine halbe Stunde später?", "2026-12-09 15:30"),
    R("de", "eu", "Können wir Dienstag statt um 10 um 11 Uhr machen?", "2026-12-08 11:00",
      "gmail", "corp"),
    R("de", "eu", "Leider passt keiner der Termine. Donnerstag, 10. Dezember um 14 Uhr MEZ?",
      "2026-12-10 14:00", "gmail-wrapped", "name"),
    R("de", "eu", "Ginge auch Donnerstag, der 17., um 10 Uhr?", "2026-12-17 10:00"),
    R("de", "eu", "Vielen Dank! Ich melde mich nächste Woche mit einem Termin.", "none",
      "outlook", "corp"),
    R("de", "eu", "Freitag um 11:30 Uhr passt, bis dann!", "C", "outlook", "dashes"),
    R("de", "ny", "Mittwoch 11 Uhr EST passt mir.", "B"),
    R("de", "eu", "Dienstagnachmittag ginge auch, z.B. 14 Uhr?", "2026-12-08 14:00"),

    # ---- French --------------------------------------------------------------------
    R("fr", "eu", "C.", "C"),
    R("fr", "eu", "Bonjour Sam,\nL'option A me convient.", "A", "gmail", "name"),
    R("fr", "eu", "Le 9 me convient très bien.", "B"),
    R("fr", "eu", "Mercredi 9 à 15h, parfait.", "B", "outlook", "corp"),
    R("fr", "eu", "A ou C, les deux me conviennent.", "none"),
    R("fr", "eu", "Mardi ou vendredi, comme vous préférez.", "none", "apple", "mobile"),
    R("fr", "eu", "B mais une demi-heure plus tard, ce serait possible ?", "2026-12-09 15:30"),
    R("fr", "eu", "Pourrait-on faire mardi à 11h au lieu de 10h ?", "2026-12-08 11:00",
      "gmail", "corp"),
    R("fr", "eu", "Jeudi 10 à 14h heure de Paris ?", "2026-12-10 14:00"),
    R("fr", "eu", "Mardi matin, ça me va.", "A"),
    R("fr", "eu", "Merci, je reviens vers vous rapidement.", "none", "gmail-wrapped", "dashes"),
    R("fr", "eu", "Le vendredi 11 à 11h30, c'est noté !", "C", "apple", "name"),
    R("fr", "nyo", "Mercredi à 16h30 heure de Paris, parfait.", "B"),
    R("fr", "nyo", "Mardi à 15h me va.", "A", "outlook", "name"),
    R("fr", "eu", "Le 16 à 10h, ce serait possible ?", "2026-12-16 10:00"),

    # ---- Spanish -------------------------------------------------------------------
    R("es", "eu", "La B.", "B"),
    R("es", "eu", "¡Opción A!", "A", "gmail", "mobile"),
    R("es", "eu", "El día 9 me viene perfecto.", "B"),
    R("es", "eu", "El miércoles 9 a las 15:00 me va bien.", "B", "outlook", "corp"),
    R("es", "eu", "La A o la C, cualquiera de las dos me va bien.", "none"),
    R("es", "eu", "El martes o el viernes, como prefieras.", "none", "gmail", "name"),
    R("es", "eu", "La B, pero media hora más tarde, ¿puede ser?", "2026-12-09 15:30"),
    R("es", "eu", "¿Podríamos hacerlo el martes a las 11 en vez de a las 10?",
      "2026-12-08 11:00", "apple", "corp"),
    R("es", "eu", "¿El jueves 10 a las 16:00 hora de Madrid?", "2026-12-10 16:00"),
    R("es", "eu", "El viernes por la mañana me va bien.", "C"),
    R("es", "eu", "Gracias, te digo algo la semana que viene.", "none", "outlook", "dashes"),
    R("es", "eu", "Prefiero el miércoles a las 15h.", "B"),
    R("es", "eu", "Ninguna me viene bien. ¿Qué tal el martes 15 a las 10?", "2026-12-15 10:00",
      "gmail-wrapped", "name"),
    R("es", "eu", "La C me va genial, gracias.", "C"),

    # ---- Portuguese ----------------------------------------------------------------
    R("pt", "sp", "B", "B"),
    R("pt", "sp", "Opção C.", "C", "gmail", "mobile"),
    R("pt", "sp", "Terça às 11h horário de Brasília está ótimo.", "A", "outlook", "corp"),
    R("pt", "sp", "Quinta às 13h (hora de Brasília) fica bom.", "B"),
    R("pt", "sp", "Sexta às 10h BRT pode ser.", "C"),
    R("pt", "sp", "A ou C, qualquer uma serve.", "none"),
    R("pt", "sp", "Terça ou sexta, tanto faz pra mim.", "none", "outlook", "name"),
    R("pt", "sp", "B, mas meia hora mais tarde, pode ser?", "2026-12-10 16:30"),
    R("pt", "sp", "Poderia ser na terça às 12h em vez das 11h?", "2026-12-08 15:00", "gmail",
      "corp"),
    R("pt", "sp", "Dia 10 fica ótimo para mim.", "B"),
    R("pt", "sp", "Obrigado! Te respondo na semana que vem.", "none", "apple", "name"),
    R("pt", "lis", "Quarta às 14h está ótimo.", "B"),
    R("pt", "lis", "Terça de manhã fica bom.", "A", "gmail-wrapped", "dashes"),
    R("pt", "sp", "Que tal segunda, dia 14, às 10h (horário de Brasília)?", "2026-12-14 13:00"),

    # ---- Italian -------------------------------------------------------------------
    R("it", "eu", "B!", "B"),
    R("it", "eu", "L'opzione C va benissimo.", "C", "gmail", "name"),
    R("it", "eu", "Il 9 va bene.", "B"),
    R("it", "eu", "Mercoledì 9 alle 15 va bene.", "B", "outlook", "corp"),
    R("it", "eu", "A o C, per me vanno bene entrambe.", "none"),
    R("it", "eu", "Martedì o venerdì, come preferisci.", "none"),
    R("it", "eu", "B, ma mezz'ora più tardi?", "2026-12-09 15:30", "gmail", "corp"),
    R("it", "eu", "Potremmo fare martedì alle 11 invece delle 10?", "2026-12-08 11:00"),
    R("it", "eu", "Nessuno mi va bene. Giovedì 10 alle 14 ora italiana?", "2026-12-10 14:00",
      "apple", "mobile"),
    R("it", "eu", "Venerdì mattina per me va bene.", "C"),
    R("it", "eu", "Grazie, ti faccio sapere la settimana prossima.", "none", "outlook",
      "dashes"),
    R("it", "eu", "Martedì 15 alle 10 sarebbe possibile?", "2026-12-15 10:00"),
    R("it", "eu", "Prendo la A, grazie!", "A"),

    # ---- Dutch ---------------------------------------------------------------------
    R("nl", "eu", "B.", "B"),
    R("nl", "eu", "Optie A graag.", "A", "gmail", "name"),
    R("nl", "eu", "Dinsdagochtend past mij prima.", "A"),
    R("nl", "eu", "Woensdagmiddag is goed.", "B", "outlook", "corp"),
    R("nl", "eu", "De 9e is prima.", "B"),
    R("nl", "eu", "A of C, allebei goed.", "none"),
    R("nl", "eu", "Dinsdag of vrijdag, wat jou het beste uitkomt.", "none", "gmail", "mobile"),
    R("nl", "eu", "B, maar een half uur later?", "2026-12-09 15:30"),
    R("nl", "eu", "Kunnen we dinsdag om 11 uur doen in plaats van 10 uur?", "2026-12-08 11:00",
      "apple", "corp"),
    R("nl", "eu", "Vrijdagochtend om 11.30 uur is prima.", "C"),
    R("nl", "eu", "Geen van deze past. Donderdag 10 december om 14.00 uur Nederlandse tijd?",
      "2026-12-10 14:00", "gmail-wrapped", "name"),
    R("nl", "eu", "Bedankt, ik kom er volgende week op terug.", "none"),
    R("nl", "eu", "Op de 9e om 15.00 uur, top!", "B", "bottom", "name"),
    R("nl", "eu", "Donderdagmiddag om 4 uur (CET) zou ook kunnen.", "2026-12-10 16:00"),
)

# Written after the reader was changed for REPLIES, and measured once before
# any further change (see README "Reading replies"): a check that the fixes
# are classes, not phrases.
HELD_OUT: tuple[Reply, ...] = (
    R("en", "eu", "C works great for me", "C", "gmail", "name"),
    R("en", "eu", "Option A, please.", "A"),
    R("en", "eu", "Wednesday works but could it be 3:30 instead?", "2026-12-09 15:30"),
    R("en", "eu", "Either A or B is fine", "none", "outlook", "corp"),
    R("en", "eu", "How about the 14th at 2pm?", "2026-12-14 14:00"),
    R("en", "ny", "Wednesday 11am ET works", "B", "apple", "mobile"),
    R("en", "ny", "Can we do Friday 10am my time?", "2026-12-11 16:00"),
    R("en", "eu", "Friday the 11th sounds good", "C"),
    R("en", "eu", "A, but 15 minutes earlier?", "2026-12-08 09:45", "gmail-wrapped", "dashes"),
    R("en", "eu", "Tuesday or Wednesday, whatever's easier for you", "none"),
    R("en", "eu", "I'm in back-to-back meetings all week, sorry.", "none", "outlook", "name"),
    R("de", "eu", "Passt: Option B", "B"),
    R("de", "eu", "Freitagvormittag wäre super.", "C", "gmail", "corp"),
    R("de", "eu", "Lieber am 8. um 11 Uhr.", "2026-12-08 11:00"),
    R("de", "eu", "B oder C, beide gehen.", "none", "apple", "name"),
    R("de", "eu", "Donnerstag, den 10., um 15 Uhr?", "2026-12-10 15:00"),
    R("de", "eu", "C, aber eine Stunde früher bitte", "2026-12-11 10:30"),
    R("fr", "eu", "Ce sera l'option B.", "B", "outlook", "name"),
    R("fr", "eu", "Vendredi matin me va.", "C"),
    R("fr", "eu", "Le 10 à 15h ?", "2026-12-10 15:00", "gmail", "mobile"),
    R("fr", "eu", "A ou B, peu importe.", "none"),
    R("fr", "eu", "Mardi plutôt vers 11h au lieu de 10h ?", "2026-12-08 11:00"),
    R("es", "eu", "Me quedo con la C.", "C", "gmail", "name"),
    R("es", "eu", "El 9 a las 15:00, perfecto.", "B"),
    R("es", "eu", "¿Podría ser el jueves 10 a las 12:00?", "2026-12-10 12:00", "outlook", "corp"),
    R("es", "eu", "El martes o el miércoles, lo que prefieras.", "none"),
    R("pt", "sp", "Fico com a B.", "B"),
    R("pt", "sp", "Pode ser sexta às 10h, horário de Brasília.", "C", "gmail", "name"),
    R("pt", "sp", "Quinta às 14h (hora de Brasília)?", "2026-12-10 17:00"),
    R("pt", "sp", "A ou B, tanto faz.", "none"),
    R("it", "eu", "Scelgo la B.", "B", "apple", "corp"),
    R("it", "eu", "L'11 alle 11:30 va benissimo.", "C"),
    R("it", "eu", "Martedì pomeriggio alle 16?", "2026-12-08 16:00"),
    R("nl", "eu", "Vrijdag 11 december om 11.30 uur is goed.", "C", "outlook", "name"),
    R("nl", "eu", "Woensdagavond om 19 uur?", "2026-12-09 19:00"),
    R("nl", "eu", "A of B, maakt mij niet uit.", "none"),
    R("nl", "eu", "Liever een uur later dan B.", "2026-12-09 16:00", "gmail", "mobile"),
)


# ---- what the mail clients add ---------------------------------------------------------

SIGNATURES: dict[str, dict[str, str]] = {
    "en": {
        "name": "Best,\nJordan",
        "corp": "Kind regards,\nJordan Blake | VP Partnerships\nNorthwind Ltd, 350 5th Ave, "
                "New York, NY 10118\nT +1 212 555 0143\nOffice hours: Mon–Fri 9am–5pm ET",
        "mobile": "Sent from my iPhone",
        "dashes": "-- \nJordan Blake\nNorthwind Ltd · +1 212 555 0143",
    },
    "de": {
        "name": "Viele Grüße\nAnna",
        "corp": "Mit freundlichen Grüßen\nAnna Becker\nLeiterin Vertrieb\nMusterfirma GmbH · "
                "Hauptstraße 12 · 10115 Berlin\nTel.: +49 30 1234567\nErreichbar Mo–Fr 9–17 Uhr",
        "mobile": "Von meinem iPhone gesendet",
        "dashes": "-- \nAnna Becker · Musterfirma GmbH\nAmtsgericht Berlin HRB 12345",
    },
    "fr": {
        "name": "Cordialement,\nClaire",
        "corp": "Bien cordialement,\nClaire Martin\nDirectrice commerciale\nExemple SAS – 12 rue "
                "de la Paix, 75002 Paris\nTél. : +33 1 23 45 67 89",
        "mobile": "Envoyé de mon iPhone",
        "dashes": "-- \nClaire Martin\nExemple SAS",
    },
    "es": {
        "name": "Saludos,\nLucía",
        "corp": "Un saludo,\nLucía García\nResponsable de Ventas\nEjemplo S.L. · Calle Mayor 5, "
                "28013 Madrid\nTel. +34 91 123 45 67\nHorario: L-V de 9:00 a 18:00",
        "mobile": "Enviado desde mi iPhone",
        "dashes": "-- \nLucía García\nEjemplo S.L.",
    },
    "pt": {
        "name": "Abraços,\nJoão",
        "corp": "Atenciosamente,\nJoão Silva\nGerente de Parcerias\nExemplo Ltda. · Av. "
                "Paulista, 1000 – São Paulo\nTel.: +55 11 3456-7890",
        "mobile": "Enviado do meu iPhone",
        "dashes": "-- \nJoão Silva\nExemplo Ltda.",
    },
    "it": {
        "name": "Cordiali saluti,\nMarco",
        "corp": "Cordiali saluti,\nMarco Rossi\nResponsabile Commerciale\nEsempio S.r.l. – Via "
                "Roma 10, 20121 Milano\nTel. +39 02 1234 5678",
        "mobile": "Inviato da iPhone",
        "dashes": "-- \nMarco Rossi\nEsempio S.r.l.",
    },
    "nl": {
        "name": "Groeten,\nDaan",
        "corp": "Met vriendelijke groet,\nDaan de Vries\nAccountmanager\nVoorbeeld B.V. | "
                "Keizersgracht 100, 1015 AA Amsterdam\nT +31 20 123 4567\nBereikbaar ma t/m vr "
                "9.00–17.00 uur",
        "mobile": "Verzonden vanaf mijn iPhone",
        "dashes": "-- \nDaan de Vries\nVoorbeeld B.V.",
    },
}

_PROPOSAL: dict[str, tuple[str, str]] = {
    "en": ("Hi,\n\nthanks for connecting! Before we link up, I'd like to speak first. "
           "Would one of these times work for you?", "Just reply with the letter, or suggest "
           "another time.\n\nBest,\nSam"),
    "de": ("Hallo,\n\ndanke für die Anfrage! Bevor wir uns vernetzen, würde ich gern kurz "
           "sprechen. Passt Ihnen einer dieser Termine?", "Antworten Sie einfach mit dem "
           "Buchstaben oder schlagen Sie eine andere Zeit vor.\n\nViele Grüße\nSam"),
    "fr": ("Bonjour,\n\nmerci pour votre invitation ! Avant de nous connecter, j'aimerais "
           "d'abord échanger. L'un de ces créneaux vous convient-il ?", "Répondez simplement "
           "avec la lettre, ou proposez un autre moment.\n\nCordialement,\nSam"),
    "es": ("Hola:\n\n¡gracias por conectar! Antes de aceptar, me gustaría hablar primero. "
           "¿Te viene bien alguno de estos horarios?", "Responde con la letra o propón otro "
           "momento.\n\nUn saludo,\nSam"),
    "pt": ("Olá,\n\nobrigado pelo convite! Antes de nos conectarmos, gostaria de conversar "
           "primeiro. Algum destes horários funciona para você?", "Responda só com a letra ou "
           "sugira outro horário.\n\nAbraços,\nSam"),
    "it": ("Ciao,\n\ngrazie per il collegamento! Prima di accettare, vorrei sentirti. Ti va "
           "bene uno di questi orari?", "Rispondi pure con la lettera o proponi un altro "
           "orario.\n\nA presto,\nSam"),
    "nl": ("Hoi,\n\nbedankt voor je verzoek! Voordat we connecten, spreek ik je graag eerst. "
           "Past een van deze tijden?", "Antwoord gewoon met de letter, of stel een ander "
           "moment voor.\n\nGroeten,\nSam"),
}
_WEEKDAYS = {
    "en": "Mon Tue Wed Thu Fri Sat Sun", "de": "Mo. Di. Mi. Do. Fr. Sa. So.",
    "fr": "lun. mar. mer. jeu. ven. sam. dim.", "es": "lun mar mié jue vie sáb dom",
    "pt": "seg. ter. qua. qui. sex. sáb. dom.", "it": "lun mar mer gio ven sab dom",
    "nl": "ma di wo do vr za zo",
}
_DECEMBER = {"en": "Dec", "de": "Dez.", "fr": "déc.", "es": "dic", "pt": "dez.",
             "it": "dic", "nl": "dec"}
_ATTRIBUTION = {
    "en": "On Thu, Dec 3, 2026 at 9:30 AM Sam Owner <sam@example.org> wrote:",
    "de": "Am Do., 3. Dez. 2026 um 09:30 Uhr schrieb Sam Owner <sam@example.org>:",
    "fr": "Le jeu. 3 déc. 2026 à 09:30, Sam Owner <sam@example.org> a écrit :",
    "es": "El jue, 3 dic 2026 a las 9:30, Sam Owner (<sam@example.org>) escribió:",
    "pt": "Em qui., 3 de dez. de 2026 às 09:30, Sam Owner <sam@example.org> escreveu:",
    "it": "Il giorno gio 3 dic 2026 alle ore 09:30 Sam Owner <sam@example.org> ha scritto:",
    "nl": "Op do 3 dec 2026 om 09:30 schreef Sam Owner <sam@example.org>:",
}
_APPLE = {
    "en": "On 3 Dec 2026, at 09:30, Sam Owner <sam@example.org> wrote:",
    "de": "Am 03.12.2026 um 09:30 schrieb Sam Owner <sam@example.org>:",
    "fr": "Le 3 déc. 2026 à 09:30, Sam Owner <sam@example.org> a écrit :",
    "es": "El 3 dic 2026, a las 9:30, Sam Owner <sam@example.org> escribió:",
    "pt": "Em 3 de dez. de 2026, à(s) 09:30, Sam Owner <sam@example.org> escreveu:",
    "it": "Il giorno 3 dic 2026, alle ore 09:30, Sam Owner <sam@example.org> ha scritto:",
    "nl": "Op 3 dec 2026 om 09:30 heeft Sam Owner <sam@example.org> het volgende geschreven:",
}
_OUTLOOK = {
    "en": "From: Sam Owner <sam@example.org>\nSent: Thursday, December 3, 2026 9:30 AM\n"
          "To: Jordan Blake <jordan@example.com>\nSubject: Let's speak first",
    "de": "Von: Sam Owner <sam@example.org>\nGesendet: Donnerstag, 3. Dezember 2026 09:30\n"
          "An: Anna Becker <anna@example.de>\nBetreff: Kurz sprechen?",
    "fr": "De : Sam Owner <sam@example.org>\nEnvoyé : jeudi 3 décembre 2026 09:30\n"
          "À : Claire Martin <claire@example.fr>\nObjet : Un appel d'abord ?",
    "es": "De: Sam Owner <sam@example.org>\nEnviado el: jueves, 3 de diciembre de 2026 9:30\n"
          "Para: Lucía García <lucia@example.es>\nAsunto: ¿Hablamos primero?",
    "pt": "De: Sam Owner <sam@example.org>\nEnviado: quinta-feira, 3 de dezembro de 2026 09:30\n"
          "Para: João Silva <joao@example.com.br>\nAssunto: Conversamos primeiro?",
    "it": "Da: Sam Owner <sam@example.org>\nInviato: giovedì 3 dicembre 2026 09:30\n"
          "A: Marco Rossi <marco@example.it>\nOggetto: Ci sentiamo prima?",
    "nl": "Van: Sam Owner <sam@example.org>\nVerzonden: donderdag 3 december 2026 09:30\n"
          "Aan: Daan de Vries <daan@example.nl>\nOnderwerp: Eerst even spreken?",
}


def _option_line(lang: str, label: str, start: datetime, scenario: Scenario) -> str:
    zone = ZoneInfo(scenario.requester_zone or scenario.owner_zone)
    local = start.astimezone(zone)
    day = _WEEKDAYS[lang].split()[local.weekday()]
    line = f"{label}) {day} {local.day} {_DECEMBER[lang]}, {local:%H:%M}"
    if scenario.requester_zone and scenario.requester_zone != scenario.owner_zone:
        owner_local = start.astimezone(ZoneInfo(scenario.owner_zone))
        city = scenario.owner_zone.split("/")[-1].replace("_", " ")
        line += f" ({owner_local:%H:%M} {city})"
    return line


def proposal(lang: str, scenario: Scenario) -> str:
    """Our proposal as the requester received it."""
    head, tail = _PROPOSAL[lang]
    lines = [_option_line(lang, o.label, o.start, scenario) for o in scenario.options]
    return f"{head}\n\n" + "\n".join(lines) + f"\n\n{tail}"


def quoted_history(lang: str, scenario: Scenario, style: str) -> str:
    """Our proposal below (or above) a reply, as a mail client quotes it."""
    ours = proposal(lang, scenario)
    quoted = "\n".join(f"> {line}" if line else ">" for line in ours.split("\n"))
    if style == "outlook":
        rule = "________________________________\n" if lang in ("en", "de") else ""
        return f"{rule}{_OUTLOOK[lang]}\n\n{ours}"
    if style == "apple":
        return f"{_APPLE[lang]}\n\n{quoted}"
    header = _ATTRIBUTION[lang]
    if style == "gmail-wrapped":  # Gmail wraps a long header line at about 72 characters
        cut = header.rfind(" ", 0, 60)
        header = header[:cut] + "\n" + header[cut + 1:]
    return f"{header}\n\n{quoted}"


def outcome_of(kind: str, label: str | None, proposed: datetime | None,
               scenario: Scenario) -> str:
    """A reading in this set's notation."""
    if kind == "option" and label:
        return label
    if kind == "counter" and proposed is not None:
        return f"{proposed.astimezone(ZoneInfo(scenario.owner_zone)):%Y-%m-%d %H:%M}"
    return "none"


def verdict(expect: str, got: str) -> str:
    """"right", "none" (missed: the owner is asked) or "wrong" (confidently wrong)."""
    if got == expect:
        return "right"
    return "none" if got == "none" else "wrong"
