"""Engagement agents: replies to comments, messages and reviews, and lead follow-ups."""

from __future__ import annotations

from agents.catalog.spec import (
    COMMON_RULES,
    OUT_BOOL,
    PLATFORM,
    AgentSpec,
    choice,
    input_schema,
    integer,
    obj,
    out_int,
    out_num,
    out_str,
    out_strs,
    output_schema,
    string,
    text,
)

CATEGORY = "engagement"
SENTIMENT_LABEL = {"type": "string", "enum": ["positive", "negative", "neutral"]}
ESCALATION_RULE = (
    "Never promise refunds, prices, dates or fixes that the input does not state; when a "
    "message needs a decision or mentions refunds, legal matters, safety or a data problem, "
    "say a person will follow up and flag it for escalation."
)

COMMENTS = AgentSpec(
    slug="comment-replier",
    name="Comment Replier",
    category=CATEGORY,
    sort_order=1,
    description=(
        "Drafts a reply to a comment, reads its intent and sentiment, and flags what a "
        "person should handle."
    ),
    capabilities=(
        "Praise, questions, complaints, spam",
        "Suggests hide / reply / escalate",
        "Fits the network's limit",
    ),
    tier="small",
    credit_operation="comment_reply",
    system_prompt=(
        "You manage a brand's comment section. Classify the comment's intent (praise, question, "
        "complaint, spam, other) and sentiment, then draft a short, human reply that uses the "
        "commenter's first name if given and mentions what they said. Questions are answered "
        "only with facts from the post context; otherwise offer to follow up in a DM. Spam gets "
        "no reply (action 'hide'). " + ESCALATION_RULE + " " + COMMON_RULES
    ),
    user_template=(
        "Comment: {comment}\nFrom: {commenter_name}\nNetwork: {platform}\nPost context: "
        "{post_context}\n"
        "Brand voice: {brand_voice}"
    ),
    input_schema=input_schema(
        {
            "comment": text("The comment to answer.", max_length=2000),
            "platform": PLATFORM,
            "commenter_name": string("The commenter's name.", max_length=80),
            "post_context": string("What the post was about.", max_length=500),
        },
        ["comment"],
    ),
    output_schema=output_schema(
        {
            "reply": out_str("Empty for spam."),
            "intent": {
                "type": "string",
                "enum": ["praise", "question", "complaint", "spam", "other"],
            },
            "sentiment": SENTIMENT_LABEL,
            "sentiment_score": out_num("-1 to 1.", -1, 1),
            "needs_human": OUT_BOOL,
            "action": {
                "type": "string",
                "enum": ["reply", "reply_and_dm", "reply_and_escalate", "hide"],
            },
            "character_count": out_int(minimum=0),
        }
    ),
    example_input={
        "comment": "Love the new sourdough! Do you ship to Leeds?",
        "commenter_name": "Priya Shah",
        "platform": "instagram",
        "post_context": "Spring sourdough launch",
        "brand_voice": {"tone": "friendly", "emoji": "light"},
    },
)

DMS = AgentSpec(
    slug="dm-responder",
    name="DM Responder",
    category=CATEGORY,
    sort_order=2,
    description=(
        "Answers direct messages about prices, bookings, orders and support, using only the "
        "facts you provide."
    ),
    capabilities=(
        "Detects what the sender needs",
        "Uses your links and hours",
        "Escalates what it can't answer",
    ),
    tier="small",
    credit_operation="comment_reply",
    system_prompt=(
        "You answer a brand's direct messages. Work out what the sender needs (pricing, booking, "
        "order status, support, partnership, hours and location, general), answer with the "
        "business facts provided and list which facts you used, and suggest the next step for "
        "the team. If the facts needed are missing, say a teammate will reply and set escalate. "
        + ESCALATION_RULE
        + " "
        + COMMON_RULES
    ),
    user_template=(
        "Message: {message}\nFrom: {sender_name}\nBusiness facts: "
        "{business_context}\nBrand voice: {brand_voice}"
    ),
    input_schema=input_schema(
        {
            "message": text("The message to answer.", max_length=2000),
            "sender_name": string("The sender's name.", max_length=80),
            "business_context": obj(
                {
                    "website": string("Website.", max_length=300),
                    "pricing_url": string("Where prices are listed.", max_length=300),
                    "booking_url": string("Where to book.", max_length=300),
                    "support_email": string("Support email.", max_length=200),
                    "support_url": string("Help centre.", max_length=300),
                    "order_tracking_url": string("Order tracking page.", max_length=300),
                    "partnerships_email": string("Partnerships email.", max_length=200),
                    "hours": string("Opening hours.", max_length=200),
                    "address": string("Address.", max_length=300),
                },
                required=[],
                description="Facts the reply may use. Nothing else will be stated as fact.",
            ),
        },
        ["message"],
    ),
    output_schema=output_schema(
        {
            "reply": out_str(),
            "intent": {
                "type": "string",
                "enum": [
                    "pricing",
                    "booking",
                    "order_status",
                    "support",
                    "partnership",
                    "hours_location",
                    "general",
                ],
            },
            "sentiment": SENTIMENT_LABEL,
            "escalate": OUT_BOOL,
            "suggested_next_step": out_str(),
            "used_facts": out_strs(),
        }
    ),
    example_input={
        "message": "Hi! How much is a custom birthday cake and can I book a tasting?",
        "sender_name": "Tom",
        "business_context": {
            "pricing_url": "https://example.com/cakes",
            "hours": "Tue-Sat 8:00-16:00",
        },
    },
)

REVIEWS = AgentSpec(
    slug="review-responder",
    name="Review Responder",
    category=CATEGORY,
    sort_order=3,
    description=(
        "Replies to public reviews: warm thanks for good ones, a sincere apology and a way "
        "forward for bad ones."
    ),
    capabilities=(
        "Adapts to the star rating",
        "Mentions what the reviewer mentioned",
        "Flags reviews to escalate",
    ),
    tier="small",
    credit_operation="comment_reply",
    system_prompt=(
        "You reply to public reviews on behalf of a business. Thank good reviews and mention "
        "something specific the reviewer said; for three stars, thank them and ask what would "
        "make it five; for one or two stars, apologise without excuses and invite them to get "
        "in touch directly. Never argue, never disclose private details. "
        + ESCALATION_RULE
        + " "
        + COMMON_RULES
    ),
    user_template=(
        "Review ({rating} stars) by {reviewer_name}: {review}\nBusiness: "
        "{business_name}\nBrand voice: {brand_voice}"
    ),
    input_schema=input_schema(
        {
            "review": text("The review.", max_length=3000),
            "rating": integer("Stars, 1 to 5.", minimum=1, maximum=5, default=5),
            "reviewer_name": string("The reviewer's name.", max_length=80),
            "business_name": string("Your business name.", max_length=80),
        },
        ["review", "rating"],
    ),
    output_schema=output_schema(
        {
            "reply": out_str(),
            "tone_used": out_str(),
            "sentiment": SENTIMENT_LABEL,
            "escalate": OUT_BOOL,
            "character_count": out_int(minimum=0),
        }
    ),
    example_input={
        "review": "The croissants were stale and the queue took 30 minutes.",
        "rating": 2,
        "reviewer_name": "Alex",
        "business_name": "Crumb & Co",
    },
)

LEADS = AgentSpec(
    slug="lead-follow-up-writer",
    name="Lead Follow-up Writer",
    category=CATEGORY,
    sort_order=4,
    description=(
        "Writes the next follow-up email to a lead, matched to their pipeline stage and your goal."
    ),
    capabilities=(
        "Stage-aware: new to negotiation",
        "One clear ask",
        "Suggests when to follow up next",
    ),
    tier="small",
    credit_operation="social_caption",
    system_prompt=(
        "You write sales follow-up emails that people answer. Match the lead's stage, refer to "
        "the last interaction, make exactly one ask that serves the goal, and keep it under 120 "
        "words. Suggest how many days to wait before the next follow-up. " + COMMON_RULES
    ),
    user_template=(
        "Lead: {lead_name} at {company}\nStage: {stage}\nHow they came to us: {context}\n"
        "Last interaction: {last_interaction}\nGoal: {goal}\nSender: "
        "{sender_name}\nBrand voice: {brand_voice}"
    ),
    input_schema=input_schema(
        {
            "lead_name": string("The lead's name.", min_length=1, max_length=80),
            "company": string("Their company.", max_length=120),
            "stage": choice(
                "Pipeline stage.",
                ["new", "contacted", "qualified", "proposal", "negotiation"],
                "new",
            ),
            "context": string("How the lead found you.", max_length=300),
            "last_interaction": string("What happened last.", max_length=300),
            "goal": choice(
                "What this email should get.",
                ["book_meeting", "send_info", "check_in", "close"],
                "book_meeting",
            ),
            "sender_name": string("Who signs.", max_length=80),
        },
        ["lead_name"],
    ),
    output_schema=output_schema(
        {
            "subject": {"type": "string", "maxLength": 70},
            "body": out_str(),
            "channel": out_str(),
            "follow_up_in_days": out_int(minimum=1),
            "stage": out_str(),
        }
    ),
    example_input={
        "lead_name": "Jordan Lee",
        "company": "Northwind Fitness",
        "stage": "contacted",
        "context": "downloaded the social media calendar template",
        "goal": "book_meeting",
        "sender_name": "Sam",
    },
)

AGENTS = [COMMENTS, DMS, REVIEWS, LEADS]
