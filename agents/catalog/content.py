"""Content creation agents: the master content engine and the writers around it."""

from __future__ import annotations

from agents.catalog.spec import (
    AUDIENCE,
    COMMON_RULES,
    HOOK_STYLE,
    HOOK_STYLE_NAMES,
    KEY_POINTS,
    LIMITS_TEXT,
    OUT_BOOL,
    PLATFORM,
    PLATFORM_LIST,
    STYLE,
    AgentSpec,
    boolean,
    choice,
    choices,
    input_schema,
    integer,
    obj,
    out_int,
    out_num,
    out_str,
    out_strs,
    output_schema,
    string,
    strings,
    text,
)
from agents.offline.platforms import PLATFORM_CHOICES
from agents.offline.translation import LANGUAGES

CATEGORY = "content_creation"
LINK = string("A link to include, if any.", max_length=500, pattern=r"^https?://\S+$")

_SCORE = out_num("0-100.", 0, 100)
VARIATION = obj(
    {
        "version": out_int(minimum=1),
        "platform": out_str(),
        "hook_style": out_str(),
        "hook": out_str("The opening line."),
        "body": out_str(),
        "cta": out_str("The call to action."),
        "hashtags": out_strs(),
        "text": out_str("The full post, ready to publish."),
        "character_count": out_int(minimum=0),
        "character_limit": out_int(minimum=1),
        "engagement_potential": _SCORE,
        "viral_potential": _SCORE,
        "quality_score": out_num("1-10.", 1, 10),
    }
)

MASTER = AgentSpec(
    slug="master-content-engine",
    name="Master Content Engine",
    category=CATEGORY,
    sort_order=1,
    description=(
        "Turns a topic into several ready-to-post variations, each with its own hook style, body, "
        "call to action and hashtags, scored for engagement and viral potential so you can pick "
        "the strongest."
    ),
    capabilities=(
        "Up to 10 variations per run",
        "Eight hook styles: question, statistic, story, bold claim, how-to and more",
        "Per-network formatting within each character limit",
        "Engagement, viral and quality scores",
    ),
    tier="large",
    credit_operation="social_caption",
    system_prompt=(
        "You are Herald's master content engine, a senior social media copywriter. For the "
        "topic given, write the number of variations asked for, spread across the requested "
        "networks in turn. Give each variation a different hook style (question, statistic, "
        "story, bold_claim, how_to, contrarian, list, curiosity), a short body that delivers on "
        "the hook, one clear call to action and hashtags that fit the network. A statistic hook "
        "may only use a number from the input. Keep every post within its network's limit "
        f"({LIMITS_TEXT} characters) and report character_count and character_limit. Score each "
        "variation: engagement_potential and viral_potential from 0 to 100, quality_score from 1 "
        "to 10, where viral = 0.4 x engagement rate + 0.3 x share rate + 0.15 x comment rate + "
        "0.15 x reach velocity (each predicted 0-100) and quality = (0.4 x comment depth + 0.3 x "
        "share frequency + 0.2 x follow rate + 0.1 x save rate) / 10. Set best_version to the "
        "strongest variation and explain the scores briefly in scoring_note. " + COMMON_RULES
    ),
    user_template=(
        "Topic: {topic}\nStyle: {style}\nNetworks: {platforms}\nVariations: {variations}\n"
        "Preferred hook style: {hook_style}\nAudience: {audience}\nKey points: {key_points}\n"
        "Call to action: {call_to_action}\nLink: {link}\nBrand voice: {brand_voice}"
    ),
    input_schema=input_schema(
        {
            "topic": string("What to post about.", min_length=3, max_length=200),
            "style": STYLE,
            "platforms": PLATFORM_LIST,
            "variations": integer(
                "How many variations to write.", minimum=1, maximum=10, default=5
            ),
            "hook_style": HOOK_STYLE,
            "audience": AUDIENCE,
            "key_points": KEY_POINTS,
            "call_to_action": string("Your own call to action, if you have one.", max_length=200),
            "link": LINK,
        },
        ["topic"],
    ),
    output_schema=output_schema(
        {
            "topic": out_str(),
            "style": out_str(),
            "variations": {"type": "array", "items": VARIATION, "minItems": 1},
            "best_version": out_int(minimum=1),
            "scoring_note": out_str(),
        }
    ),
    example_input={
        "topic": "AI marketing for small bakeries",
        "style": "engaging",
        "platforms": ["instagram", "x", "linkedin"],
        "variations": 5,
        "audience": "owners of independent bakeries",
        "brand_voice": {
            "brand_name": "Crumb & Co",
            "tone": "friendly",
            "words_to_use": ["fresh", "local"],
            "words_to_avoid": ["cheap"],
            "emoji": "light",
        },
    },
)

CAPTION = AgentSpec(
    slug="platform-caption-writer",
    name="Platform Caption Writer",
    category=CATEGORY,
    sort_order=2,
    description=(
        "Writes one caption per network from a brief or a longer text, formatted the way each "
        "network reads best and always within its character limit."
    ),
    capabilities=(
        f"Knows every limit: {LIMITS_TEXT}",
        "Line breaks where they help, hashtags where they work",
        "YouTube descriptions with an 'In this video' section",
    ),
    tier="large",
    credit_operation="social_caption",
    system_prompt=(
        "You write social captions. For each requested network write one caption from the "
        "brief: LinkedIn reads best as short paragraphs ending with a question; Instagram and "
        "TikTok lead with the hook and put hashtags at the end; X, Bluesky and Threads need one "
        "tight idea; Mastodon hashtags are CamelCase; YouTube is a description with an 'In this "
        "video:' list. Character limits are hard limits: " + LIMITS_TEXT + ". Report "
        "character_count, character_limit and within_limit for each. " + COMMON_RULES
    ),
    user_template=(
        "Brief: {brief}\nNetworks: {platforms}\nStyle: {style}\nHook style: {hook_style}\n"
        "Key points: {key_points}\nHashtags: {include_hashtags}\nLink: {link}\nAudience: "
        "{audience}\n"
        "Brand voice: {brand_voice}"
    ),
    input_schema=input_schema(
        {
            "brief": text("What the post is about, or the text to adapt.", max_length=5000),
            "platforms": PLATFORM_LIST,
            "style": STYLE,
            "hook_style": HOOK_STYLE,
            "key_points": KEY_POINTS,
            "include_hashtags": boolean("Add hashtags.", True),
            "link": LINK,
            "audience": AUDIENCE,
        },
        ["brief", "platforms"],
    ),
    output_schema=output_schema(
        {
            "captions": {
                "type": "array",
                "minItems": 1,
                "items": obj(
                    {
                        "platform": out_str(),
                        "platform_label": out_str(),
                        "text": out_str(),
                        "hashtags": out_strs(),
                        "character_count": out_int(minimum=0),
                        "character_limit": out_int(minimum=1),
                        "within_limit": OUT_BOOL,
                    }
                ),
            }
        }
    ),
    example_input={
        "brief": "Our spring menu launches on Friday with three new sourdough loaves.",
        "platforms": ["x", "instagram", "linkedin", "bluesky"],
        "style": "promotional",
        "link": "https://example.com/spring",
    },
)

THREAD = AgentSpec(
    slug="thread-writer",
    name="Thread Writer",
    category=CATEGORY,
    sort_order=3,
    description=(
        "Turns an idea into a numbered thread: a hook, one point per post, a closing call to "
        "action."
    ),
    capabilities=(
        "X, Threads, Bluesky and Mastodon",
        "Every post within the network's limit",
        "Optional 1/n numbering",
    ),
    tier="large",
    credit_operation="social_caption",
    system_prompt=(
        "You write threads. The first post is a hook that earns the click; each middle post "
        "makes one point and adds one supporting sentence; the last post sums up with a call to "
        "action. Every post, numbering included, must fit the network's limit "
        "(X 280, Threads 500, Bluesky 300, Mastodon 500). " + COMMON_RULES
    ),
    user_template=(
        "Topic: {topic}\nNetwork: {platform}\nPosts: {posts}\nKey points: {key_points}\n"
        "Numbering: {numbering}\nStyle: {style}\nHook style: {hook_style}\nAudience: {audience}\n"
        "Brand voice: {brand_voice}"
    ),
    input_schema=input_schema(
        {
            "topic": string("What the thread is about.", min_length=3, max_length=200),
            "platform": choice("Network.", ["x", "threads", "bluesky", "mastodon"], "x"),
            "posts": integer("Number of posts.", minimum=3, maximum=15, default=5),
            "key_points": KEY_POINTS,
            "numbering": boolean("Number the posts (1/5, 2/5...).", True),
            "style": STYLE,
            "hook_style": HOOK_STYLE,
            "audience": AUDIENCE,
        },
        ["topic"],
    ),
    output_schema=output_schema(
        {
            "platform": out_str(),
            "character_limit": out_int(minimum=1),
            "posts": {
                "type": "array",
                "minItems": 1,
                "items": obj(
                    {
                        "index": out_int(minimum=1),
                        "text": out_str(),
                        "character_count": out_int(minimum=0),
                    }
                ),
            },
        }
    ),
    example_input={
        "topic": "pricing your first online course",
        "platform": "x",
        "posts": 5,
        "key_points": ["Start from the result, not the hours", "Test two price points"],
    },
)

BLOG = AgentSpec(
    slug="blog-writer",
    name="Blog Writer",
    category=CATEGORY,
    sort_order=4,
    description=(
        "Writes a structured, search-friendly blog post: title, meta description, sections "
        "and conclusion."
    ),
    capabilities=(
        "Short, medium or long",
        "Uses your keywords and outline",
        "Meta description under 160 characters",
    ),
    tier="large",
    credit_operation="blog",
    system_prompt=(
        "You are a content marketer who writes clear, useful blog posts. Write a title, a URL "
        "slug, a meta description under 160 characters, an introduction, sections with headings "
        "(follow the outline if given), and a conclusion. Work the keywords in naturally; list "
        "the ones used. Short is about 400 words, medium 800, long 1,400. Report word_count and "
        "reading_time_minutes at 230 words a minute. " + COMMON_RULES
    ),
    user_template=(
        "Topic: {topic}\nKeywords: {keywords}\nAudience: {audience}\nLength: {length}\n"
        "Outline: {outline}\nBrand voice: {brand_voice}"
    ),
    input_schema=input_schema(
        {
            "topic": string("What the post is about.", min_length=3, max_length=200),
            "keywords": strings("Search keywords to include.", max_items=10, max_length=60),
            "audience": AUDIENCE,
            "length": choice("Length.", ["short", "medium", "long"], "medium"),
            "outline": strings("Section headings, if you have them.", max_items=8, max_length=120),
        },
        ["topic"],
    ),
    output_schema=output_schema(
        {
            "title": out_str(),
            "slug": out_str(),
            "meta_description": {"type": "string", "maxLength": 160},
            "introduction": out_str(),
            "sections": {
                "type": "array",
                "minItems": 1,
                "items": obj({"heading": out_str(), "body": out_str()}),
            },
            "conclusion": out_str(),
            "word_count": out_int(minimum=0),
            "reading_time_minutes": out_int(minimum=1),
            "keywords_used": out_strs(),
        }
    ),
    example_input={
        "topic": "email marketing for local gyms",
        "keywords": ["gym newsletter", "member retention"],
        "audience": "gym owners",
        "length": "medium",
    },
)

CAROUSEL = AgentSpec(
    slug="carousel-planner",
    name="Carousel Planner",
    category=CATEGORY,
    sort_order=5,
    description=(
        "Plans a swipeable carousel slide by slide: headline, text and visual direction, "
        "plus the caption."
    ),
    capabilities=(
        "3 to 10 slides",
        "Headlines under 60 characters",
        "Visual direction for each slide",
    ),
    tier="large",
    credit_operation="carousel",
    system_prompt=(
        "You plan carousels. Slide 1 is a cover with a hook; each middle slide teaches one point "
        "(headline up to 60 characters, body up to 200); the last slide asks people to save or "
        "follow. Describe a simple visual for every slide, then write the caption and hashtags "
        "for the network. " + COMMON_RULES
    ),
    user_template=(
        "Topic: {topic}\nSlides: {slides}\nNetwork: {platform}\nKey points: {key_points}\n"
        "Style: {style}\nAudience: {audience}\nBrand voice: {brand_voice}"
    ),
    input_schema=input_schema(
        {
            "topic": string("What the carousel is about.", min_length=3, max_length=200),
            "slides": integer("Number of slides.", minimum=3, maximum=10, default=6),
            "platform": choice(
                "Network.", ["instagram", "linkedin", "tiktok", "facebook"], "instagram"
            ),
            "key_points": KEY_POINTS,
            "style": STYLE,
            "audience": AUDIENCE,
        },
        ["topic"],
    ),
    output_schema=output_schema(
        {
            "title": out_str(),
            "platform": out_str(),
            "slides": {
                "type": "array",
                "minItems": 1,
                "items": obj(
                    {
                        "number": out_int(minimum=1),
                        "headline": {"type": "string", "maxLength": 60},
                        "body": {"type": "string", "maxLength": 200},
                        "visual": out_str(),
                    }
                ),
            },
            "caption": out_str(),
            "hashtags": out_strs(),
        }
    ),
    example_input={
        "topic": "5 ways to reuse one blog post",
        "slides": 6,
        "platform": "instagram",
        "style": "educational",
    },
)

VIDEO = AgentSpec(
    slug="video-script-writer",
    name="Video Script Writer",
    category=CATEGORY,
    sort_order=6,
    description=(
        "Writes a short-form video script with timed scenes, voiceover, on-screen text and a "
        "caption."
    ),
    capabilities=("15 s to 3 min", "Hook in the first 3 seconds", "Shot list with timings"),
    tier="large",
    credit_operation="social_caption",
    system_prompt=(
        "You write scripts for short vertical videos. Open with a hook in the first three "
        "seconds, give each point its own scene with a visual, voiceover and short on-screen "
        "text, and end with a call to action. Scene timings must add up to the duration; aim "
        "for about 2.5 spoken words a second. Then write the post caption. " + COMMON_RULES
    ),
    user_template=(
        "Topic: {topic}\nDuration: {duration_seconds} seconds\nNetwork: {platform}\n"
        "Hook style: {hook_style}\nKey points: {key_points}\nStyle: {style}\nAudience: {audience}\n"
        "Brand voice: {brand_voice}"
    ),
    input_schema=input_schema(
        {
            "topic": string("What the video is about.", min_length=3, max_length=200),
            "duration_seconds": integer("Length in seconds.", minimum=15, maximum=180, default=45),
            "platform": choice(
                "Network.", ["tiktok", "instagram", "youtube", "facebook"], "tiktok"
            ),
            "hook_style": HOOK_STYLE,
            "key_points": KEY_POINTS,
            "style": STYLE,
            "audience": AUDIENCE,
        },
        ["topic"],
    ),
    output_schema=output_schema(
        {
            "title": out_str(),
            "platform": out_str(),
            "duration_seconds": out_int(minimum=1),
            "hook": out_str(),
            "scenes": {
                "type": "array",
                "minItems": 2,
                "items": obj(
                    {
                        "start_second": out_int(minimum=0),
                        "end_second": out_int(minimum=1),
                        "visual": out_str(),
                        "voiceover": out_str(),
                        "on_screen_text": out_str(),
                    }
                ),
            },
            "cta": out_str(),
            "caption": out_str(),
            "estimated_word_count": out_int(minimum=0),
            "pace_note": out_str(),
        }
    ),
    example_input={
        "topic": "how to plate a dessert for photos",
        "duration_seconds": 45,
        "platform": "tiktok",
    },
)

HASHTAGS = AgentSpec(
    slug="hashtag-optimizer",
    name="Hashtag Optimizer",
    category=CATEGORY,
    sort_order=7,
    description=(
        "Suggests the hashtags that fit a post and the network, and flags the ones that hurt."
    ),
    capabilities=(
        "Broad, niche and branded tags",
        "Per-network counts",
        "Flags engagement-bait tags",
    ),
    tier="small",
    credit_operation="social_caption",
    system_prompt=(
        "You optimise hashtags. From the post's own subject, suggest specific niche tags first, "
        "then broader ones, and always keep the brand's tags. Rate relevance 0-100 and recommend "
        "as many as help on the network (Instagram about 8, TikTok 4, LinkedIn 3, X 2). Flag "
        "generic or engagement-bait tags (#follow4follow, #like4like...) with the reason. "
        + COMMON_RULES
    ),
    user_template=(
        "Post: {text}\nNetwork: {platform}\nMaximum: {max_hashtags}\nBrand tags: {brand_hashtags}"
    ),
    input_schema=input_schema(
        {
            "text": text("The post (existing hashtags included).", max_length=5000),
            "platform": PLATFORM,
            "max_hashtags": integer(
                "Most hashtags to recommend.", minimum=1, maximum=30, default=8
            ),
            "brand_hashtags": strings(
                "Your own hashtags, always kept.", max_items=5, max_length=60
            ),
        },
        ["text"],
        voice=False,
    ),
    output_schema=output_schema(
        {
            "platform": out_str(),
            "hashtags": {
                "type": "array",
                "items": obj(
                    {
                        "tag": out_str(),
                        "kind": {"type": "string", "enum": ["broad", "niche", "branded"]},
                        "relevance": out_num(minimum=0, maximum=100),
                    }
                ),
            },
            "recommended": out_strs(),
            "removed": {"type": "array", "items": obj({"tag": out_str(), "reason": out_str()})},
            "reasoning": out_str(),
        }
    ),
    example_input={
        "text": (
            "Sourdough starter tips for home bakers: feed it daily and keep it warm. #follow4follow"
        ),
        "platform": "instagram",
        "brand_hashtags": ["#CrumbAndCo"],
    },
)

REPURPOSER = AgentSpec(
    slug="content-repurposer",
    name="Content Repurposer",
    category=CATEGORY,
    sort_order=8,
    description=(
        "Turns one long piece (a blog post, transcript or newsletter) into posts for each network."
    ),
    capabilities=(
        "Finds the key points",
        "A summary you can reuse",
        "One post per network, within limits",
    ),
    tier="large",
    credit_operation="social_caption",
    system_prompt=(
        "You repurpose long content. Find its three to five strongest points and a two-sentence "
        "summary, then write one post per target network that stands on its own (no 'as I said "
        "in my blog'). Respect each network's limit: " + LIMITS_TEXT + ". " + COMMON_RULES
    ),
    user_template=(
        "Source ({source_format}):\n{content}\n\nNetworks: {target_platforms}\nStyle: {style}\n"
        "Brand voice: {brand_voice}"
    ),
    input_schema=input_schema(
        {
            "content": text("The long-form text.", max_length=20000, min_length=50),
            "source_format": choice(
                "What the text is.",
                ["blog", "video_transcript", "podcast", "newsletter", "post"],
                "blog",
            ),
            "target_platforms": choices(
                "Networks to write for.", PLATFORM_CHOICES, min_items=1, default=["linkedin", "x"]
            ),
            "style": STYLE,
        },
        ["content", "target_platforms"],
    ),
    output_schema=output_schema(
        {
            "source_format": out_str(),
            "summary": out_str(),
            "key_points": out_strs(),
            "outputs": {
                "type": "array",
                "minItems": 1,
                "items": obj(
                    {
                        "platform": out_str(),
                        "format": out_str(),
                        "text": out_str(),
                        "character_count": out_int(minimum=0),
                        "character_limit": out_int(minimum=1),
                    }
                ),
            },
        }
    ),
    example_input={
        "content": (
            "Most small shops post whenever they remember to. The result is a feed that goes quiet "
            "for weeks. A simple weekly rhythm fixes this: plan on Monday, batch-write on Tuesday, "
            "schedule everything before Wednesday. Shops that batch their posts save hours and "
            "post twice as consistently. The key is a short list of content pillars so ideas "
            "never run dry."
        ),
        "source_format": "blog",
        "target_platforms": ["linkedin", "x", "instagram"],
    },
)

HOOKS = AgentSpec(
    slug="hook-generator",
    name="Hook Generator",
    category=CATEGORY,
    sort_order=9,
    description=(
        "Writes opening lines for a topic in every hook style and ranks them by predicted strength."
    ),
    capabilities=("Eight hook styles", "Ranked by strength", "Never invents statistics"),
    tier="small",
    credit_operation="social_caption",
    system_prompt=(
        "You write hooks: the first line of a post, which decides whether anyone reads the rest. "
        "Write the requested number per style, under 150 characters, each one specific to the "
        "topic. A statistic hook may only use a number from the input. Rate each hook's "
        "strength 0-100 and sort strongest first. " + COMMON_RULES
    ),
    user_template=(
        "Topic: {topic}\nNetwork: {platform}\nStyles: {styles}\nPer style: {per_style}\n"
        "Style: {style}\nAudience: {audience}\nKey points: {key_points}\nBrand voice: {brand_voice}"
    ),
    input_schema=input_schema(
        {
            "topic": string("What the post is about.", min_length=3, max_length=200),
            "platform": PLATFORM,
            "styles": choices("Hook styles to write (all if empty).", HOOK_STYLE_NAMES),
            "per_style": integer("Hooks per style.", minimum=1, maximum=3, default=1),
            "style": STYLE,
            "audience": AUDIENCE,
            "key_points": KEY_POINTS,
        },
        ["topic"],
    ),
    output_schema=output_schema(
        {
            "topic": out_str(),
            "platform": out_str(),
            "hooks": {
                "type": "array",
                "minItems": 1,
                "items": obj(
                    {
                        "style": out_str(),
                        "text": out_str(),
                        "character_count": out_int(minimum=0),
                        "strength": out_num(minimum=0, maximum=100),
                    }
                ),
            },
        }
    ),
    example_input={
        "topic": "remote onboarding for new hires",
        "platform": "linkedin",
        "audience": "HR leads",
    },
)

EMAIL = AgentSpec(
    slug="email-campaign-writer",
    name="Email Campaign Writer",
    category=CATEGORY,
    sort_order=10,
    description=(
        "Writes a short email sequence (welcome to last call) with subject lines, preview "
        "text and calls to action."
    ),
    capabilities=(
        "1 to 7 emails",
        "Subject lines under 70 characters",
        "Personalisation placeholders",
    ),
    tier="large",
    credit_operation="blog",
    system_prompt=(
        "You write email sequences. Each email has one job (welcome, problem, solution, proof, "
        "offer, urgency, last call), a subject under 70 characters, preview text under 90, a "
        "short body that starts 'Hi {first_name},' and one call to action. Space them over "
        "days. Only mention offers given in the input. " + COMMON_RULES
    ),
    user_template=(
        "Goal: {campaign_goal}\nProduct: {product}\nAudience: {audience}\nEmails: {emails}\n"
        "Offer: {offer}\nSender: {sender_name}\nBrand voice: {brand_voice}"
    ),
    input_schema=input_schema(
        {
            "campaign_goal": string(
                "What the sequence should achieve.", min_length=3, max_length=200
            ),
            "product": string("What you're promoting.", min_length=2, max_length=120),
            "audience": AUDIENCE,
            "emails": integer("Number of emails.", minimum=1, maximum=7, default=3),
            "offer": string("The offer, if there is one.", max_length=200),
            "sender_name": string("Who signs the emails.", max_length=80),
        },
        ["campaign_goal", "product"],
    ),
    output_schema=output_schema(
        {
            "campaign_goal": out_str(),
            "sequence": {
                "type": "array",
                "minItems": 1,
                "items": obj(
                    {
                        "day": out_int(minimum=0),
                        "role": out_str(),
                        "subject": {"type": "string", "maxLength": 70},
                        "preview_text": {"type": "string", "maxLength": 90},
                        "body": out_str(),
                        "cta": out_str(),
                    }
                ),
            },
            "notes": out_str(),
        }
    ),
    example_input={
        "campaign_goal": "Convert trial users to paid plans",
        "product": "Herald Planner",
        "audience": "freelance social media managers",
        "emails": 3,
        "offer": "20% off the first three months",
        "sender_name": "Sam from Herald",
    },
)

TRANSLATOR = AgentSpec(
    slug="translator",
    name="Translator",
    category=CATEGORY,
    sort_order=11,
    description=(
        "Translates posts into Spanish, French, German, Portuguese or Italian, keeping "
        "names, hashtags and links intact."
    ),
    capabilities=(
        "Five languages",
        "Keeps hashtags, mentions and links",
        "Marks anything it could not translate",
    ),
    tier="small",
    credit_operation="social_caption",
    system_prompt=(
        "You translate social media copy. Keep the meaning, tone and length; keep names, "
        "hashtags, @mentions and links unchanged; adapt idioms rather than translating word "
        "for word. If a segment cannot be translated faithfully, keep it in the source language "
        "inside ⟦ ⟧ and list it in untranslated_segments. coverage is the share of words "
        "translated (0-1). " + COMMON_RULES
    ),
    user_template="Translate from {source_language} into {target_language}:\n{text}",
    input_schema=input_schema(
        {
            "text": text("Text to translate.", max_length=5000),
            "target_language": choice(
                "Language to translate into: "
                + ", ".join(f"{k} ({v})" for k, v in LANGUAGES.items())
                + ".",
                list(LANGUAGES),
                "es",
            ),
            "source_language": choice("Language of the text.", ["en"], "en"),
        },
        ["text", "target_language"],
        voice=False,
    ),
    output_schema=output_schema(
        {
            "target_language": out_str(),
            "language_name": out_str(),
            "translated_text": out_str(),
            "coverage": out_num(minimum=0, maximum=1),
            "untranslated_segments": out_strs(),
            "method": out_str(),
            "notes": out_str(),
        }
    ),
    example_input={
        "text": (
            "Thank you for joining us! Shop now: free shipping this week. Link in bio. #CrumbAndCo"
        ),
        "target_language": "es",
    },
)

AGENTS = [
    MASTER,
    CAPTION,
    THREAD,
    BLOG,
    CAROUSEL,
    VIDEO,
    HASHTAGS,
    REPURPOSER,
    HOOKS,
    EMAIL,
    TRANSLATOR,
]
