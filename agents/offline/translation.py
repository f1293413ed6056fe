"""The offline translator: a phrase table for the words and set phrases of social marketing.

It does not pretend to be machine translation. Known phrases and words are replaced (longest
match first); names, numbers, hashtags, mentions and links are kept; everything else stays in
the source language, is wrapped in ⟦ ⟧ and listed, so a person (or an AI provider) can finish it.
"""

# ruff: noqa: E501, RUF001 - tables read better one entry per line; typographic quotes are data

from __future__ import annotations

import re

LANGUAGES = {
    "es": "Spanish",
    "fr": "French",
    "de": "German",
    "pt": "Portuguese",
    "it": "Italian",
}
_ORDER = ("es", "fr", "de", "pt", "it")

# fmt: off
PHRASES: dict[str, tuple[str, str, str, str, str]] = {
    # set phrases (matched before single words)
    "learn more": ("más información", "en savoir plus", "mehr erfahren", "saiba mais", "scopri di più"),
    "sign up": ("regístrate", "inscrivez-vous", "registrieren", "inscreva-se", "iscriviti"),
    "shop now": ("compra ahora", "achetez maintenant", "jetzt einkaufen", "compre agora", "acquista ora"),
    "buy now": ("compra ahora", "achetez maintenant", "jetzt kaufen", "compre agora", "acquista ora"),
    "get started": ("empieza ya", "commencez", "jetzt starten", "comece já", "inizia ora"),
    "free trial": ("prueba gratuita", "essai gratuit", "kostenlose Testversion", "teste grátis", "prova gratuita"),
    "limited time": ("tiempo limitado", "durée limitée", "begrenzte Zeit", "tempo limitado", "tempo limitato"),
    "link in bio": ("enlace en la bio", "lien dans la bio", "Link in der Bio", "link na bio", "link in bio"),
    "follow us": ("síguenos", "suivez-nous", "folge uns", "siga-nos", "seguici"),
    "thank you": ("gracias", "merci", "danke", "obrigado", "grazie"),
    "thank you for": ("gracias por", "merci pour", "danke für", "obrigado por", "grazie per"),
    "thanks for": ("gracias por", "merci pour", "danke für", "obrigado por", "grazie per"),
    "see you soon": ("hasta pronto", "à bientôt", "bis bald", "até breve", "a presto"),
    "coming soon": ("muy pronto", "bientôt disponible", "demnächst", "em breve", "in arrivo"),
    "new collection": ("nueva colección", "nouvelle collection", "neue Kollektion", "nova coleção", "nuova collezione"),
    "good morning": ("buenos días", "bonjour", "guten Morgen", "bom dia", "buongiorno"),
    "happy holidays": ("felices fiestas", "joyeuses fêtes", "frohe Feiertage", "boas festas", "buone feste"),
    "best seller": ("más vendido", "meilleure vente", "Bestseller", "mais vendido", "più venduto"),
    "don't miss": ("no te pierdas", "ne manquez pas", "verpasse nicht", "não perca", "non perdere"),
    "check out": ("descubre", "découvrez", "schau dir an", "confira", "scopri"),
    "our team": ("nuestro equipo", "notre équipe", "unser Team", "nossa equipe", "il nostro team"),
    "customer service": ("atención al cliente", "service client", "Kundenservice", "atendimento ao cliente", "servizio clienti"),
    "in stock": ("en stock", "en stock", "auf Lager", "em estoque", "disponibile"),
    "free shipping": ("envío gratis", "livraison gratuite", "kostenloser Versand", "frete grátis", "spedizione gratuita"),
    "let us know": ("cuéntanos", "dites-nous", "sag uns", "conte para nós", "facci sapere"),
    "this week": ("esta semana", "cette semaine", "diese Woche", "esta semana", "questa settimana"),
    "today only": ("solo hoy", "aujourd'hui seulement", "nur heute", "só hoje", "solo oggi"),
    # single words
    "hello": ("hola", "bonjour", "hallo", "olá", "ciao"),
    "hi": ("hola", "salut", "hallo", "oi", "ciao"),
    "new": ("nuevo", "nouveau", "neu", "novo", "nuovo"),
    "today": ("hoy", "aujourd'hui", "heute", "hoje", "oggi"),
    "now": ("ahora", "maintenant", "jetzt", "agora", "ora"),
    "free": ("gratis", "gratuit", "kostenlos", "grátis", "gratis"),
    "sale": ("rebajas", "soldes", "Sale", "promoção", "saldi"),
    "discover": ("descubre", "découvrez", "entdecke", "descubra", "scopri"),
    "join": ("únete", "rejoignez", "mach mit", "junte-se", "unisciti"),
    "thanks": ("gracias", "merci", "danke", "obrigado", "grazie"),
    "love": ("amor", "amour", "Liebe", "amor", "amore"),
    "and": ("y", "et", "und", "e", "e"),
    "or": ("o", "ou", "oder", "ou", "o"),
    "with": ("con", "avec", "mit", "com", "con"),
    "for": ("para", "pour", "für", "para", "per"),
    "the": ("el", "le", "die", "o", "il"),
    "our": ("nuestro", "notre", "unser", "nosso", "nostro"),
    "your": ("tu", "votre", "dein", "seu", "tuo"),
    "you": ("tú", "vous", "du", "você", "tu"),
    "we": ("nosotros", "nous", "wir", "nós", "noi"),
    "is": ("es", "est", "ist", "é", "è"),
    "are": ("son", "sont", "sind", "são", "sono"),
    "here": ("aquí", "ici", "hier", "aqui", "qui"),
    "more": ("más", "plus", "mehr", "mais", "più"),
    "all": ("todo", "tout", "alle", "tudo", "tutto"),
    "week": ("semana", "semaine", "Woche", "semana", "settimana"),
    "day": ("día", "jour", "Tag", "dia", "giorno"),
    "team": ("equipo", "équipe", "Team", "equipe", "team"),
    "product": ("producto", "produit", "Produkt", "produto", "prodotto"),
    "products": ("productos", "produits", "Produkte", "produtos", "prodotti"),
    "offer": ("oferta", "offre", "Angebot", "oferta", "offerta"),
    "news": ("novedades", "nouveautés", "Neuigkeiten", "novidades", "novità"),
    "summer": ("verano", "été", "Sommer", "verão", "estate"),
    "winter": ("invierno", "hiver", "Winter", "inverno", "inverno"),
    "event": ("evento", "événement", "Veranstaltung", "evento", "evento"),
    "launch": ("lanzamiento", "lancement", "Start", "lançamento", "lancio"),
    "quality": ("calidad", "qualité", "Qualität", "qualidade", "qualità"),
    "easy": ("fácil", "facile", "einfach", "fácil", "facile"),
    "fast": ("rápido", "rapide", "schnell", "rápido", "veloce"),
    "best": ("mejor", "meilleur", "beste", "melhor", "migliore"),
    "together": ("juntos", "ensemble", "zusammen", "juntos", "insieme"),
    "welcome": ("bienvenido", "bienvenue", "willkommen", "bem-vindo", "benvenuto"),
    "friends": ("amigos", "amis", "Freunde", "amigos", "amici"),
    "customers": ("clientes", "clients", "Kunden", "clientes", "clienti"),
    "marketing": ("marketing", "marketing", "Marketing", "marketing", "marketing"),
    "social": ("social", "social", "sozial", "social", "social"),
    "media": ("medios", "médias", "Medien", "mídia", "media"),
    "tips": ("consejos", "astuces", "Tipps", "dicas", "consigli"),
    "guide": ("guía", "guide", "Leitfaden", "guia", "guida"),
    "help": ("ayuda", "aide", "Hilfe", "ajuda", "aiuto"),
    "time": ("tiempo", "temps", "Zeit", "tempo", "tempo"),
    "great": ("genial", "super", "toll", "ótimo", "ottimo"),
    "happy": ("feliz", "heureux", "glücklich", "feliz", "felice"),
    "small": ("pequeño", "petit", "klein", "pequeno", "piccolo"),
    "business": ("negocio", "entreprise", "Unternehmen", "negócio", "attività"),
    "businesses": ("negocios", "entreprises", "Unternehmen", "negócios", "attività"),
    "online": ("en línea", "en ligne", "online", "online", "online"),
    "store": ("tienda", "boutique", "Laden", "loja", "negozio"),
    "coffee": ("café", "café", "Kaffee", "café", "caffè"),
    "in": ("en", "dans", "in", "em", "in"),
    "of": ("de", "de", "von", "de", "di"),
    "to": ("a", "à", "zu", "para", "a"),
    "a": ("un", "un", "ein", "um", "un"),
    "on": ("en", "sur", "auf", "em", "su"),
    "it": ("lo", "le", "es", "isso", "lo"),
    "this": ("este", "ce", "dies", "este", "questo"),
    "every": ("cada", "chaque", "jeden", "cada", "ogni"),
    "get": ("consigue", "obtenez", "hol dir", "ganhe", "ottieni"),
    "try": ("prueba", "essayez", "probiere", "experimente", "prova"),
    "yes": ("sí", "oui", "ja", "sim", "sì"),
    "no": ("no", "non", "nein", "não", "no"),
}
# fmt: on

_TOKEN = re.compile(
    r"https?://\S+|[#@][\w]+|\d[\d.,:%]*|[^\W\d_]+(?:['’][^\W\d_]+)?|\S", re.UNICODE
)
_KEEP = re.compile(r"^(?:https?://\S+|[#@]\w+|\d[\d.,:%]*)$")
_MAX_PHRASE = max(len(p.split()) for p in PHRASES)


def _match_case(source: str, target: str) -> str:
    if source.isupper() and len(source) > 1:
        return target.upper()
    if source[:1].isupper():
        return target[:1].upper() + target[1:]
    return target


def translate(text: str, language: str) -> dict[str, object]:
    """Phrase-table translation; returns text, coverage and the segments left untranslated."""
    column = _ORDER.index(language)
    tokens = _TOKEN.findall(text)
    out: list[str] = []
    untranslated: list[str] = []
    pending: list[str] = []
    words_total = words_done = 0

    def flush() -> None:
        if pending:
            segment = " ".join(pending)
            untranslated.append(segment)
            out.append(f"⟦{segment}⟧")
            pending.clear()

    i = 0
    while i < len(tokens):
        token = tokens[i]
        if not any(c.isalpha() for c in token) or _KEEP.match(token):
            flush()
            out.append(token)
            i += 1
            continue
        matched = False
        for size in range(min(_MAX_PHRASE, len(tokens) - i), 0, -1):
            chunk = tokens[i : i + size]
            if not all(any(c.isalpha() for c in t) for t in chunk):
                continue
            key = " ".join(chunk).lower().replace("’", "'")
            if key in PHRASES:
                flush()
                out.append(_match_case(chunk[0], PHRASES[key][column]))
                words_total += size
                words_done += size
                i += size
                matched = True
                break
        if matched:
            continue
        words_total += 1
        # A capitalised word inside a sentence is most likely a name: keep it as it is.
        previous = out[-1] if out else ""
        if token[:1].isupper() and previous not in ("", ".", "!", "?") and not pending:
            out.append(token)
            words_done += 1
        else:
            pending.append(token)
        i += 1
    flush()
    rendered = _detokenize(out)
    coverage = round(words_done / words_total, 2) if words_total else 1.0
    return {"text": rendered, "coverage": coverage, "untranslated": untranslated}


def _detokenize(tokens: list[str]) -> str:
    text = " ".join(tokens)
    text = re.sub(r" ([,.;:!?…)\]])", r"\1", text)
    text = re.sub(r"([(\[¿¡]) ", r"\1", text)
    return re.sub(r"\s{2,}", " ", text).strip()
