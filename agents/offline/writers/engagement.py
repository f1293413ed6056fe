"""Offline writers for engagement: replies to comments, DMs and reviews, lead follow-ups.

Replies never promise what the brand has not said: facts (hours, prices, links) come from the
input's business context, and anything else is routed to a person.
"""

from __future__ import annotations

import re
from typing import Any

from agents.offline import platforms as pf
from agents.offline import text as tx
from agents.offline.lexicons import SENTIMENT
from agents.offline.phrasing import strong_keywords
from agents.offline.registry import Context, writer
from agents.offline.sentiment import analyse

_QUESTION_START = re.compile(
    r"^\s*(how|what|when|where|why|who|which|can|could|do|does|is|are|will|would|should)\b", re.I
)
_SPAM = re.compile(
    r"(https?://|www\.|\bdm me\b|\bcheck my (page|profile)\b|\bfollow (me|back)\b|\bpromo\b|"
    r"\bcrypto\b|\bearn \$|\bclick (the )?link\b)",
    re.I,
)
_LIKED = re.compile(
    r"\b(?:love|loved|loving|like|liked|enjoy|enjoyed|adore)\s+(?:the|your|this|these|that|our)\s+"
    r"([\w' -]{3,40}?)(?=[.!?,;]|$)",
    re.I,
)
_ESCALATE = re.compile(
    r"\b(refund|lawyer|legal|sue|chargeback|cancel|fraud|scam|injur\w*|allerg\w*|"
    r"unsafe|data breach|hacked|discriminat\w*)\b",
    re.I,
)


def classify(text: str) -> tuple[str, dict[str, Any]]:
    mood = analyse(text)
    if _SPAM.search(text):
        return "spam", mood
    if mood["label"] == "negative" and mood["score"] <= -0.2:
        return "complaint", mood
    if "?" in text or _QUESTION_START.match(text):
        return "question", mood
    if mood["label"] == "positive":
        return "praise", mood
    return "other", mood


def _name(ctx: Context, key: str) -> str:
    name = ctx.text(key)
    return name.split()[0] if name else ""


def _greet(ctx: Context, name: str) -> str:
    if ctx.voice.tone in ("professional", "authoritative", "luxury"):
        return f"Hello {name}," if name else "Hello,"
    return f"Hi {name}!" if name and ctx.voice.exclaims else (f"Hi {name}," if name else "Hi,")


@writer("comment-replier")
def comment_replier(ctx: Context) -> dict[str, Any]:
    comment = ctx.text("comment")
    platform = ctx.text("platform", "instagram")
    name = _name(ctx, "commenter_name")
    intent, mood = classify(comment)
    liked = _LIKED.search(comment)
    liked_thing = liked.group(1).strip() if liked else ""
    subject_words = [k for k in strong_keywords(comment, limit=4) if k.lower() not in SENTIMENT]
    subject = subject_words[0] if subject_words else "this"
    context = ctx.text("post_context")
    heart = ctx.voice.emoji_for("empathetic", 0, platform)
    greeting = _greet(ctx, name)
    thanks = f"Thank you, we're so glad you love the {liked_thing}." if liked_thing else ""
    if intent == "praise":
        reply = thanks or tx.pick(
            ctx.rng,
            [
                (
                    f"Thank you, that means a lot to the whole team. Glad the part about "
                    f"{subject} landed."
                ),
                (
                    f"Thanks so much for saying so. Comments like this keep us making more "
                    f"on {subject}."
                ),
            ],
        )
    elif intent == "question":
        question = next((q for q in tx.sentences(comment) if q.endswith("?")), comment)
        answer = tx.pick(
            ctx.rng,
            [
                "Great question: we'll send you the details in a DM so nothing gets lost.",
                "Good question! We'll DM you the specifics so you get the right answer for you.",
            ],
        )
        reply = " ".join(p for p in (thanks, answer) if p)
        if not thanks and len(question) <= 80:
            reply = f"Thanks for asking “{question}” {answer}"
    elif intent == "complaint":
        reply = (
            "We're sorry to hear this, and thank you for telling us. "
            "We've sent you a DM so we can look into it properly and put it right."
        )
    elif intent == "spam":
        reply = ""
    else:
        reply = tx.pick(
            ctx.rng,
            [
                f"Thanks for joining the conversation. What's your take on {subject}?",
                f"Appreciate you being here. Anything you'd like us to cover next about {subject}?",
            ],
        )
    if reply:
        reply = f"{greeting} {reply}"
    if reply and context and intent in ("praise", "other"):
        reply += f" More on {tx.clip(context, 60).rstrip('.').lower()} soon."
    if reply and heart:
        reply = f"{reply} {heart}"
    reply = pf.truncate(ctx.v(reply), platform) if reply else ""
    needs_human = intent == "complaint" or bool(_ESCALATE.search(comment))
    return {
        "reply": reply,
        "intent": intent,
        "sentiment": mood["label"],
        "sentiment_score": mood["score"],
        "needs_human": needs_human,
        "action": {
            "spam": "hide",
            "complaint": "reply_and_escalate",
            "question": "reply_and_dm",
        }.get(intent, "reply"),
        "character_count": len(reply),
    }


_DM_INTENTS = {
    "pricing": r"\b(price|pricing|cost|how much|quote|rates?|plans?)\b",
    "booking": r"\b(book|booking|appointment|reserve|reservation|schedule|availability|slot)\b",
    "order_status": r"\b(order|delivery|shipping|shipped|tracking|arrive|parcel|package)\b",
    "support": r"\b(help|problem|issue|broken|error|not working|can't|cannot|bug|refund)\b",
    "partnership": r"\b(collab|collaboration|partner|partnership|sponsor|influencer|affiliate)\b",
    "hours_location": r"\b(open|opening|hours|close|closing|where are you|address|location)\b",
}


@writer("dm-responder")
def dm_responder(ctx: Context) -> dict[str, Any]:
    message = ctx.text("message")
    name = _name(ctx, "sender_name")
    business: dict[str, Any] = ctx.get("business_context", {}) or {}
    intent = next(
        (k for k, pattern in _DM_INTENTS.items() if re.search(pattern, message, re.I)), "general"
    )
    mood = analyse(message)
    greeting = _greet(ctx, name)
    facts = {str(k).lower(): str(v) for k, v in business.items() if v}
    known = {
        "pricing": facts.get("pricing_url") or facts.get("pricing"),
        "booking": facts.get("booking_url") or facts.get("booking"),
        "order_status": facts.get("order_tracking_url") or facts.get("support_email"),
        "support": facts.get("support_email") or facts.get("support_url"),
        "partnership": facts.get("partnerships_email"),
        "hours_location": facts.get("hours") or facts.get("address"),
        "general": facts.get("website"),
    }.get(intent)
    lines = {
        "pricing": (
            "You'll find our current prices here: {fact}.",
            "A teammate will send you current pricing shortly.",
        ),
        "booking": (
            "You can pick a time that suits you here: {fact}.",
            "A teammate will reply with available times shortly.",
        ),
        "order_status": (
            (
                "You can check your order here: {fact}. Send us your order number if "
                "anything looks off."
            ),
            "Could you send us your order number? A teammate will check it for you.",
        ),
        "support": (
            "Our support team can sort this out fastest at {fact}.",
            (
                "Could you share a few details (what happened, and when)? A teammate will "
                "take it from there."
            ),
        ),
        "partnership": (
            "Please send the details to {fact} and the right person will get back to you.",
            "Thanks for thinking of us. Could you share a few details about what you have in mind?",
        ),
        "hours_location": (
            "Here are the details: {fact}.",
            "A teammate will confirm our hours and location for you shortly.",
        ),
        "general": (
            "Thanks for your message. More about us here: {fact}.",
            "Thanks for your message. A teammate will get back to you shortly.",
        ),
    }[intent]
    body = lines[0].replace("{fact}", known) if known else lines[1]
    empathy = "Sorry about the trouble. " if mood["label"] == "negative" else ""
    reply = ctx.v(f"{greeting} {empathy}{body} {ctx.voice.signature()}".strip())
    escalate = (
        bool(_ESCALATE.search(message))
        or mood["score"] <= -0.5
        or (not known and intent != "general")
    )
    next_step = {
        "pricing": "Send pricing and offer a short call",
        "booking": "Confirm a time slot",
        "order_status": "Look up the order and reply with its status",
        "support": "Open a support ticket",
        "partnership": "Forward to partnerships",
        "hours_location": "Confirm hours and address",
        "general": "Reply and tag the conversation",
    }[intent]
    return {
        "reply": reply,
        "intent": intent,
        "sentiment": mood["label"],
        "escalate": escalate,
        "suggested_next_step": next_step,
        "used_facts": [k for k in facts if facts[k] and facts[k] in reply],
    }


@writer("review-responder")
def review_responder(ctx: Context) -> dict[str, Any]:
    review = ctx.text("review")
    rating = int(ctx.get("rating", 5))
    business = ctx.text("business_name", ctx.voice.brand_name or "our team")
    name = _name(ctx, "reviewer_name")
    mood = analyse(review)
    kws = tx.keywords(review, limit=3)
    detail = kws[0] if kws else "your visit"
    greeting = _greet(ctx, name)
    if rating >= 4:
        reply = tx.pick(
            ctx.rng,
            [
                (
                    f"{greeting} Thank you for the {rating}-star review. We're so glad you "
                    f"enjoyed {detail}, and we'll pass your words on to the team at "
                    f"{business}."
                ),
                (
                    f"{greeting} Reviews like yours make our day. Thanks for mentioning "
                    f"{detail}; we hope to see you again soon."
                ),
            ],
        )
        tone = "grateful"
    elif rating == 3:
        reply = (
            f"{greeting} Thanks for the honest review. We're glad parts of it worked for "
            f"you, and we "
            f"hear you on {detail}. We'd love to know what would have made it five stars."
        )
        tone = "appreciative and curious"
    else:
        reply = (
            f"{greeting} We're sorry we let you down, and thank you for taking the time to tell us "
            f"about {detail}. This isn't the experience we want anyone to have at {business}. "
            "Please get in touch directly so we can make it right."
        )
        tone = "apologetic"
    reply = ctx.v(f"{reply} {ctx.voice.signature()}".strip())
    return {
        "reply": reply,
        "tone_used": tone,
        "sentiment": mood["label"],
        "escalate": rating <= 2 or bool(_ESCALATE.search(review)),
        "character_count": len(reply),
    }


_STAGE_DAYS = {"new": 1, "contacted": 3, "qualified": 2, "proposal": 3, "negotiation": 2}


@writer("lead-follow-up-writer")
def lead_follow_up_writer(ctx: Context) -> dict[str, Any]:
    lead = _name(ctx, "lead_name") or "there"
    company = ctx.text("company")
    stage = ctx.text("stage", "new")
    goal = ctx.text("goal", "book_meeting")
    context = ctx.text("context")
    last = ctx.text("last_interaction")
    sender = ctx.text("sender_name", ctx.voice.brand_name or "The team")
    at_company = f" at {company}" if company else ""
    opener = {
        "new": (
            f"Thanks for your "
            f"interest{(' — ' + tx.clip(context, 80).rstrip('.')) if context else ''}."
        ),
        "contacted": "I wanted to follow up on my last note.",
        "qualified": f"It was good to learn more about what the team{at_company} is working on.",
        "proposal": "I hope you've had a chance to look through the proposal.",
        "negotiation": "Thanks for the open conversation so far.",
    }.get(stage, "I wanted to follow up.")
    if last:
        opener += f" Last time we spoke about {tx.clip(last, 90).rstrip('.')}."
    ask = {
        "book_meeting": (
            "Would a 20-minute call next week work? Reply with a time that suits you and "
            "I'll send an invite."
        ),
        "send_info": (
            "I've put together the details you asked for; shall I send them over, or walk "
            "you through them on a quick call?"
        ),
        "check_in": "Is this still a priority for you this quarter? A one-line reply is plenty.",
        "close": (
            "If everything looks right, I can send the agreement today so you can get "
            "started this month."
        ),
    }.get(goal, "What would be the most useful next step for you?")
    subject = {
        "book_meeting": f"Quick call about {company or 'your goals'}?",
        "send_info": "The details you asked for",
        "check_in": f"Checking in{(', ' + company) if company else ''}",
        "close": "Next steps",
    }.get(goal, "Following up")
    signature = ctx.voice.signature()
    sign_off = f"{signature}\n\n" if signature else ""
    body = f"Hi {lead},\n\n{opener}\n\n{ask}\n\n{sign_off}Best,\n{sender}"
    return {
        "subject": ctx.v(tx.clip(subject, 70)),
        "body": ctx.v(body),
        "channel": "email",
        "follow_up_in_days": _STAGE_DAYS.get(stage, 3),
        "stage": stage,
    }
