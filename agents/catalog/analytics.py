"""Analytics agents: sentiment, forecasts, post performance, competitors, scores and timing."""

from __future__ import annotations

from agents.catalog.spec import (
    COMMON_RULES,
    OUT_BOOL,
    PLATFORM,
    AgentSpec,
    input_schema,
    integer,
    number,
    obj,
    objects,
    out_int,
    out_num,
    out_str,
    out_strs,
    output_schema,
    string,
    strings,
    text,
)

CATEGORY = "analytics"
NUMBERS_ONLY = (
    "Compute every figure from the data given; never estimate a number the data does not "
    "support, and say when the data is too thin to conclude."
)
FORMULAS = (
    "Seed formulas: engagement rate = (likes + comments + shares + saves) / reach x 100; "
    "viral score = 0.4 x engagement + 0.3 x shares + 0.15 x comments + 0.15 x reach velocity "
    "(each scaled 0-100, capped at 100); quality = (0.4 x comment depth + 0.3 x share frequency "
    "+ 0.2 x follow rate + 0.1 x save rate) / 10 on a 1-10 scale; growth rate = (current - "
    "previous) / previous x 100; projection = current x (1 + rate) ^ periods."
)
SENTIMENT_LABEL = {"type": "string", "enum": ["positive", "negative", "neutral"]}

SENTIMENT = AgentSpec(
    slug="sentiment-analyzer",
    name="Sentiment Analyzer",
    category=CATEGORY,
    sort_order=1,
    description=(
        "Reads a batch of comments, reviews or mentions and reports how people feel and why."
    ),
    capabilities=(
        "Up to 100 texts per run",
        "Score from -1 to 1 per text",
        "Themes behind praise and complaints",
    ),
    tier="small",
    credit_operation="comment_reply",
    system_prompt=(
        "You analyse sentiment. For each text give a label (positive, negative, neutral), a "
        "score from -1 to 1 and the words or phrases that carried it, handling negation ('not "
        "good') and sarcasm where it is clear. Then give the overall mean score with counts per "
        "label, and the main themes behind negative and positive texts. "
        + NUMBERS_ONLY
        + " "
        + COMMON_RULES
    ),
    user_template="Texts (one per line):\n{texts}",
    input_schema=input_schema(
        {
            "texts": strings(
                "Comments, reviews or mentions.", max_items=100, max_length=2000, min_items=1
            )
        },
        ["texts"],
        voice=False,
    ),
    output_schema=output_schema(
        {
            "overall": obj(
                {
                    "label": SENTIMENT_LABEL,
                    "score": out_num(minimum=-1, maximum=1),
                    "positive": out_int(minimum=0),
                    "negative": out_int(minimum=0),
                    "neutral": out_int(minimum=0),
                }
            ),
            "items": {
                "type": "array",
                "items": obj(
                    {
                        "text": out_str(),
                        "label": SENTIMENT_LABEL,
                        "score": out_num(minimum=-1, maximum=1),
                        "signals": out_strs(),
                    }
                ),
            },
            "negative_themes": out_strs(),
            "positive_themes": out_strs(),
            "method": out_str(),
        }
    ),
    example_input={
        "texts": [
            "Absolutely love the new app, so much faster!",
            "Delivery was late again and support never answered.",
            "It's fine, nothing special.",
            "Not bad at all, the onboarding was clear.",
        ]
    },
)

TREND = AgentSpec(
    slug="trend-forecaster",
    name="Trend Forecaster",
    category=CATEGORY,
    sort_order=2,
    description=(
        "Forecasts a metric (followers, reach, sales) from its history, with a likely range."
    ),
    capabilities=(
        "Growth rate and compound growth",
        "Forecast with a 95% range",
        "Plain-language summary",
    ),
    tier="small",
    credit_operation="competitor_analysis",
    system_prompt=(
        "You forecast marketing metrics. From the history, compute the average growth per "
        "period, the latest change, whether the trend is rising, falling or flat, and a forecast "
        "for each period ahead with a low-high range that widens with distance. "
        + FORMULAS
        + " "
        + NUMBERS_ONLY
        + " "
        + COMMON_RULES
    ),
    user_template="Metric: {metric}\nHistory: {history}\nPeriods ahead: {periods_ahead}",
    input_schema=input_schema(
        {
            "metric": string("What is measured, e.g. followers.", max_length=60),
            "history": objects(
                "Past values, oldest first.",
                obj(
                    {
                        "period": string("e.g. 2025-01 or week 3.", max_length=30),
                        "value": number("The value.", minimum=None),
                    },
                    ["value"],
                ),
                min_items=3,
                max_items=120,
            ),
            "periods_ahead": integer("How far to forecast.", minimum=1, maximum=12, default=3),
        },
        ["history"],
        voice=False,
    ),
    output_schema=output_schema(
        {
            "metric": out_str(),
            "trend": {"type": "string", "enum": ["rising", "falling", "flat"]},
            "growth_rate_percent": out_num(),
            "last_period_change_percent": out_num(),
            "forecast": {
                "type": "array",
                "minItems": 1,
                "items": obj(
                    {"period": out_str(), "value": out_num(), "low": out_num(), "high": out_num()}
                ),
            },
            "method": out_str(),
            "summary": out_str(),
        }
    ),
    example_input={
        "metric": "followers",
        "history": [
            {"period": "2025-01", "value": 1200},
            {"period": "2025-02", "value": 1310},
            {"period": "2025-03", "value": 1405},
            {"period": "2025-04", "value": 1560},
            {"period": "2025-05", "value": 1690},
        ],
        "periods_ahead": 3,
    },
)

POST = obj(
    {
        "title": string("A label for the post.", max_length=200),
        "text": string("The post's text.", max_length=3000),
        "platform": string("Network.", max_length=30),
        "impressions": number("Impressions."),
        "reach": number("Unique accounts reached."),
        "likes": number("Likes."),
        "comments": number("Comments."),
        "shares": number("Shares or reposts."),
        "saves": number("Saves or bookmarks."),
        "followers": number("Account followers when posted."),
        "followers_gained": number("Follows from this post."),
    },
    ["reach"],
)

PERFORMANCE = AgentSpec(
    slug="performance-analyst",
    name="Performance Analyst",
    category=CATEGORY,
    sort_order=3,
    description=(
        "Scores published posts with Herald's engagement, viral and quality formulas and "
        "says what to do next."
    ),
    capabilities=(
        "Engagement, share, comment and save rates",
        "Viral score and quality score",
        "Per-network comparison",
    ),
    tier="large",
    credit_operation="competitor_analysis",
    system_prompt=(
        "You are a social media analyst. For each post compute engagement, share, comment and "
        "save rates (percent of reach), reach velocity (reach / followers, capped at 100), the "
        "viral score and the quality score, then compare networks, name the top posts and give "
        "three to five specific recommendations tied to the numbers. "
        + FORMULAS
        + " "
        + NUMBERS_ONLY
        + " "
        + COMMON_RULES
    ),
    user_template="Posts: {posts}\nFollowers: {followers}\nGoal: {goal}",
    input_schema=input_schema(
        {
            "posts": objects(
                "Published posts with their metrics.", POST, min_items=1, max_items=200
            ),
            "followers": number("Account followers, if not given per post."),
            "goal": string("What you are optimising for.", max_length=200),
        },
        ["posts"],
        voice=False,
    ),
    output_schema=output_schema(
        {
            "summary": out_str(),
            "average_engagement_rate": out_num(),
            "posts": {
                "type": "array",
                "items": obj(
                    {
                        "index": out_int(minimum=1),
                        "title": out_str(),
                        "platform": out_str(),
                        "engagement_rate": out_num(),
                        "share_rate": out_num(),
                        "comment_rate": out_num(),
                        "save_rate": out_num(),
                        "reach_velocity": out_num(),
                        "viral_score": out_num(minimum=0, maximum=100),
                        "quality_score": out_num(minimum=1, maximum=10),
                    }
                ),
            },
            "top_posts": {"type": "array", "items": {"type": "integer"}},
            "platforms": {
                "type": "array",
                "items": obj(
                    {
                        "platform": out_str(),
                        "posts": out_int(minimum=1),
                        "avg_engagement_rate": out_num(),
                    }
                ),
            },
            "recommendations": out_strs(),
        }
    ),
    example_input={
        "followers": 4200,
        "posts": [
            {
                "title": "Sourdough how-to reel",
                "platform": "instagram",
                "reach": 5200,
                "likes": 310,
                "comments": 42,
                "shares": 55,
                "saves": 120,
            },
            {
                "title": "Team photo",
                "platform": "instagram",
                "reach": 1800,
                "likes": 95,
                "comments": 6,
                "shares": 2,
                "saves": 3,
            },
            {
                "title": "Pricing thread",
                "platform": "x",
                "reach": 2600,
                "likes": 40,
                "comments": 12,
                "shares": 18,
                "saves": 9,
            },
        ],
    },
)

COMPETITOR = obj(
    {
        "name": string("Competitor name.", min_length=1, max_length=80),
        "followers": number("Followers."),
        "posts_per_week": number("Posts per week."),
        "engagement_rate": number("Engagement rate in percent."),
        "strengths": strings("What they do well.", max_items=5),
        "weaknesses": strings("Where they fall short.", max_items=5),
    },
    ["name"],
)

COMPETITORS = AgentSpec(
    slug="competitor-analyst",
    name="Competitor Analyst",
    category=CATEGORY,
    sort_order=4,
    description=(
        "Compares your numbers with competitors': share of voice, cadence, engagement, gaps "
        "and threats."
    ),
    capabilities=("Share of voice", "Opportunities and threats", "Recommendations you can act on"),
    tier="large",
    credit_operation="competitor_analysis",
    system_prompt=(
        "You are a competitive analyst for social media. Compare the brand with each "
        "competitor on followers, posting frequency and engagement rate; estimate share of "
        "voice as followers x posts per week over the total; list opportunities (where the "
        "brand is ahead or a competitor is weak) and threats (where competitors are ahead), then "
        "recommend three concrete moves. " + NUMBERS_ONLY + " " + COMMON_RULES
    ),
    user_template="Brand: {brand_name}\nOur metrics: {our_metrics}\nCompetitors: {competitors}",
    input_schema=input_schema(
        {
            "brand_name": string("Your brand.", min_length=1, max_length=80),
            "our_metrics": obj(
                {
                    "followers": number("Followers."),
                    "posts_per_week": number("Posts per week."),
                    "engagement_rate": number("Engagement rate in percent."),
                },
                required=[],
            ),
            "competitors": objects(
                "Competitors to compare with.", COMPETITOR, min_items=1, max_items=10
            ),
        },
        ["brand_name", "competitors"],
        voice=False,
    ),
    output_schema=output_schema(
        {
            "brand_name": out_str(),
            "comparison": {
                "type": "array",
                "items": obj(
                    {
                        "name": out_str(),
                        "is_us": OUT_BOOL,
                        "followers": out_int(minimum=0),
                        "posts_per_week": out_num(),
                        "engagement_rate": out_num(),
                        "share_of_voice_percent": out_num(minimum=0, maximum=100),
                    }
                ),
            },
            "opportunities": out_strs(),
            "threats": out_strs(),
            "recommendations": out_strs(),
            "summary": out_str(),
        }
    ),
    example_input={
        "brand_name": "Crumb & Co",
        "our_metrics": {"followers": 4200, "posts_per_week": 3, "engagement_rate": 4.1},
        "competitors": [
            {
                "name": "Rise Bakery",
                "followers": 9800,
                "posts_per_week": 7,
                "engagement_rate": 2.2,
                "weaknesses": ["rarely replies to comments"],
            },
            {
                "name": "Loaf Lab",
                "followers": 3100,
                "posts_per_week": 2,
                "engagement_rate": 5.0,
                "strengths": ["Baking tutorials"],
            },
        ],
    },
)

VIRAL = AgentSpec(
    slug="viral-score-predictor",
    name="Viral Score Predictor",
    category=CATEGORY,
    sort_order=5,
    description=(
        "Scores a draft before it goes out: engagement potential, viral potential and "
        "quality, with fixes."
    ),
    capabilities=(
        "Scores from 0 to 100",
        "Checks length and hashtags for the network",
        "Concrete suggestions",
    ),
    tier="small",
    credit_operation="comment_reply",
    system_prompt=(
        "You predict how a draft post will perform. Identify its hook style, check its length "
        "and hashtag count against the network's habits, predict engagement rate, share rate, "
        "comment rate and reach velocity on a 0-100 scale from the text, combine them with the "
        "seed formulas, and suggest the changes that would raise the score most. "
        + FORMULAS
        + " "
        + COMMON_RULES
    ),
    user_template="Draft: {text}\nNetwork: {platform}",
    input_schema=input_schema(
        {"text": text("The draft post.", max_length=5000), "platform": PLATFORM},
        ["text"],
        voice=False,
    ),
    output_schema=output_schema(
        {
            "platform": out_str(),
            "hook_style_detected": out_str(),
            "character_count": out_int(minimum=0),
            "hashtag_count": out_int(minimum=0),
            "engagement_potential": out_num(minimum=0, maximum=100),
            "viral_potential": out_num(minimum=0, maximum=100),
            "quality_score": out_num(minimum=1, maximum=10),
            "suggestions": out_strs(),
            "method": out_str(),
        }
    ),
    example_input={
        "text": (
            "How do you keep a sourdough starter alive on holiday?\nWe asked 3 bakers. "
            "Here's what they do. Save this for later. #Sourdough #Baking"
        ),
        "platform": "instagram",
    },
)

BEST_TIME = AgentSpec(
    slug="best-time-advisor",
    name="Best Time Advisor",
    category=CATEGORY,
    sort_order=6,
    description="Finds the best days and hours to post, from your own history when you have it.",
    capabilities=(
        "Learns from your past posts",
        "Falls back to the network's usual windows",
        "Top five slots",
    ),
    tier="small",
    credit_operation="comment_reply",
    system_prompt=(
        "You find the best times to post. Group past posts by weekday and hour, compare each "
        "slot's average engagement with the overall average, and return the five best slots. "
        "With fewer than three distinct slots of history, use the network's commonly strong "
        "windows and say so in method. " + NUMBERS_ONLY + " " + COMMON_RULES
    ),
    user_template="Network: {platform}\nTime zone: {timezone}\nHistory: {history}",
    input_schema=input_schema(
        {
            "platform": PLATFORM,
            "timezone": string("The account's time zone, e.g. Europe/London.", max_length=64),
            "history": objects(
                "Past posts: when (ISO 8601) and their engagement.",
                obj(
                    {
                        "posted_at": string("e.g. 2025-03-04T09:30:00", max_length=40),
                        "engagement": number("Interactions or engagement rate."),
                    },
                    ["posted_at", "engagement"],
                ),
                max_items=1000,
            ),
        },
        ["platform"],
        voice=False,
    ),
    output_schema=output_schema(
        {
            "platform": out_str(),
            "timezone": out_str(),
            "best_slots": {
                "type": "array",
                "minItems": 1,
                "items": obj(
                    {
                        "weekday": out_str(),
                        "hour": out_int(minimum=0),
                        "score": out_num(),
                        "posts": out_int(minimum=0),
                    }
                ),
            },
            "method": out_str(),
            "summary": out_str(),
        }
    ),
    example_input={
        "platform": "instagram",
        "timezone": "Europe/London",
        "history": [
            {"posted_at": "2025-03-04T09:00:00", "engagement": 120},
            {"posted_at": "2025-03-05T18:00:00", "engagement": 310},
            {"posted_at": "2025-03-06T12:00:00", "engagement": 90},
            {"posted_at": "2025-03-12T18:00:00", "engagement": 280},
        ],
    },
)

AGENTS = [SENTIMENT, TREND, PERFORMANCE, COMPETITORS, VIRAL, BEST_TIME]
