"""`club demo`: a realistic synthetic club, for benchmarks and for trying the tool.

The site shell (mkdocs.yml, the hand-written pages) is copied from a template
club, by default the example club this package ships beside; members, events and
articles are generated from a seed, so the same arguments always write the same club.
"""

from __future__ import annotations

import random
import shutil
from datetime import date, timedelta
from pathlib import Path

from generator.messages import t
from generator.slugs import slugify

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "建国伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红梅春燕文斌志鹏宇浩晨欣怡思雨"
HONORIFICS = ["总", "姐", "老师", "哥", "阿姨", "叔"]
ENGLISH_FIRST = ["James", "Mary", "Robert", "Linda", "David", "Susan", "Peter", "Grace", "Henry", "Alice"]
ENGLISH_LAST = ["Smith", "Chan", "Wong", "Brown", "Taylor", "Lee", "Walker", "Young", "King", "Hall"]
CITIES = ["宜宾", "成都", "重庆", "泸州", "自贡", "乐山", "Hong Kong", "Singapore"]
INTERESTS = ["交际舞", "怀旧", "茶艺", "摄影", "高尔夫", "书法", "理财", "旅行", "烘焙", "太极"]
TIERS = ["diamond", "platinum", "gold", "member"]
TIER_WEIGHTS = [1, 4, 15, 80]
VENUES = [
    ("丽泽汇馆", "四川省宜宾市翠屏区丽泽路 88 号"),
    ("会所多功能厅", "宜宾市叙州区长江大道 1 号"),
    ("江畔草坪", None),
]
SEGMENT_TITLES = [
    "迎接会员及嘉宾到场",
    "主持人开场",
    "领导致辞",
    "主题讲解",
    "互动游戏",
    "切蛋糕、唱生日歌",
    "交际舞互动",
    "茶歇",
    "抽奖环节",
    "问答交流",
    "会员分享",
    "合影留念",
    "自由交流",
    "节目表演",
    "颁发纪念品",
]
CATEGORIES = ["活动回顾", "会员故事", "生活资讯", "会所动态"]
PARAGRAPH = (
    "本期我们走访了几位老会员，听他们讲述与俱乐部相伴的故事。从第一次参加生日会，到如今带着家人一起来，"
    "俱乐部见证了许多家庭的成长。会所也在不断改进服务，希望每一位会员都能感受到家一般的温暖。"
)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _Club:
    def __init__(self, seed: int, today: date) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.birthdays: list[tuple[int, int, str]] = []  # month, day, member id

    def member(self, index: int) -> str:
        rng = self.rng
        english = rng.random() < 0.1
        if english:
            name = f"{rng.choice(ENGLISH_FIRST)} {rng.choice(ENGLISH_LAST)}"
            display = name.split()[0]
        else:
            surname = rng.choice(SURNAMES)
            name = surname + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
            display = surname + rng.choice(HONORIFICS)
        member_id = f"{slugify(name, 24)}-{index}"
        if index % 997 == 0:
            month, day, year = 2, 29, rng.choice((1952, 1964, 1976, 1988))
        else:
            year = rng.randint(1940, 2000)
            month, day = rng.randint(1, 12), rng.randint(1, 28)
        self.birthdays.append((month, day, member_id))
        birthday = f'"--{month:02d}-{day:02d}"' if index % 50 == 0 else f"{year}-{month:02d}-{day:02d}"
        tier = rng.choices(TIERS, TIER_WEIGHTS)[0]
        joined = date(2005, 1, 1) + timedelta(days=rng.randint(0, 7000))
        lines = [
            f"  - id: {member_id}",
            f"    name: {_quoted(name)}",
            f"    display_name: {_quoted(display)}",
            f"    tier: {tier}",
            f"    joined: {joined.isoformat()}",
            f"    birthday: {birthday}",
            f"    email: member{index}@example.org",
            f'    phone: "+86 139 {index // 10000:04d} {index % 10000:04d}"',
            f"    city: {_quoted(rng.choice(CITIES))}",
            f"    interests: [{', '.join(rng.sample(INTERESTS, 2))}]",
            f"    consent: {{directory: {str(rng.random() < 0.6).lower()}, "
            f"birthday: {str(rng.random() < 0.5).lower()}}}",
        ]
        if index and rng.random() < 0.2:
            lines.append(f"    notes: {_quoted('喜欢' + rng.choice(INTERESTS))}")
        return "\n".join(lines)

    def honorees_near(self, day: date) -> list[str]:
        near = [
            member_id
            for month, d, member_id in self.birthdays
            if (month, d) != (2, 29) and abs((date(day.year, month, d) - day).days) <= 10
        ]
        return self.rng.sample(near, min(3, len(near)))

    def event(self, index: int, day: date) -> tuple[str, str]:
        rng = self.rng
        kind = ("birthday", "briefing", "other")[index % 3]
        honorees = self.honorees_near(day) if kind == "birthday" else []
        if kind == "birthday" and not honorees:
            kind = "other"
        title = {
            "birthday": f"{day.month}月会员生日会",
            "briefing": rng.choice(["理财讲座", "新品说明会", "业主恳谈会", "健康讲座"]),
            "other": rng.choice(["茶话会", "户外徒步", "亲子烘焙", "书法雅集", "摄影沙龙"]),
        }[kind]
        slug = f"{slugify(title, 30)}-{index}"
        segments = rng.randint(5, 30)
        minutes = [rng.choice((10, 15, 20, 30)) for _ in range(segments)]
        start_hour = rng.choice((10, 14, 19))
        start = f"{day.isoformat()} {start_hour:02d}:00"
        total = sum(minutes)
        end_moment = date.fromordinal(day.toordinal())
        end_hour, end_minute = divmod(start_hour * 60 + total, 60)
        end_day = end_moment + timedelta(days=end_hour // 24)
        end = f"{end_day.isoformat()} {end_hour % 24:02d}:{end_minute:02d}"
        venue, address = rng.choice(VENUES)
        status = "cancelled" if rng.random() < 0.03 else "confirmed"
        if day > self.today and rng.random() < 0.1:
            status = "draft"
        lines = [
            f"title: {_quoted(title)}",
            f"kind: {kind}",
            f"status: {status}",
            f"start: {start}",
            f"end: {end}",
            "venue:",
            f"  name: {venue}",
            *([f"  address: {address}"] if address else []),
            "organizer: {name: 会员俱乐部, email: events@example.org}",
            *([f"honorees: [{', '.join(honorees)}]"] if honorees else []),
            "audience:",
            f"  tiers: [{', '.join(TIERS[: rng.randint(1, 2)])}]",
            "summary: |",
            f"  {title}，欢迎会员朋友们参加。活动内容丰富，名额有限，请尽早报名。",
            "run_sheet:",
            f'  - at: "{(start_hour - 1) % 24:02d}:30"',
            f'    until: "{start_hour:02d}:00"',
            "    title: 场地布置与人员就位",
            "    crew_only: true",
            "    owner: 会所经理",
            "    notes: 检查音响、灯光与签到台",
        ]
        for number, length in enumerate(minutes):
            lines.append(f"  - title: {rng.choice(SEGMENT_TITLES)}")
            if number == 0:
                lines.append(f'    at: "{start_hour:02d}:00"')
            lines.append(f"    duration: {length}m")
            if rng.random() < 0.3:
                lines.append(f"    cues: [{rng.choice(['播放背景音乐', '灯光调暗', '开启投影'])}]")
            if rng.random() < 0.4:
                lines.append("    script: |")
                lines.append("      尊敬的各位会员朋友，大家好！接下来进入下一个环节，请大家移步前方。")
        lines += [
            "materials:",
            "  - item: 签到表",
            "    qty: 2",
            "    owner: 客服部",
            "    done: false",
        ]
        return f"{day.isoformat()}-{slug}.yaml", "\n".join(lines) + "\n"

    def article(self, index: int, day: date) -> tuple[str, str]:
        rng = self.rng
        category = rng.choice(CATEGORIES)
        title = f"{category}：第{index + 1}篇"
        body = "\n\n".join(PARAGRAPH for _ in range(rng.randint(3, 6)))
        text = (
            "---\n"
            f"date: {day.isoformat()}\n"
            f"authors: [{rng.choice(['editor-wang', 'editor-chen'])}]\n"
            f"categories: [{category}]\n"
            f"issue: {day.strftime('%Y-%m')}\n"
            f"slug: article-{index + 1}\n"
            "---\n\n"
            f"# {title}\n\n{PARAGRAPH}\n\n<!-- more -->\n\n{body}\n"
        )
        return f"{day.isoformat()}-article-{index + 1}.md", text


def _copy_shell(template: Path, target: Path) -> None:
    shutil.copy2(template / "mkdocs.yml", target / "mkdocs.yml")
    # What a build writes is never committed: private/ holds the roster.
    (target / ".gitignore").write_text("/site/\n/private/\n.cache/\n", encoding="utf-8")
    content = template / "content"
    shutil.copytree(content, target / "content", dirs_exist_ok=True, ignore=shutil.ignore_patterns("posts"))


def write_demo(
    target: Path, members: int, events: int, articles: int, seed: int, template: Path, today: date
) -> None:
    if (target / "members.yaml").exists() or (target / "events").exists():
        raise FileExistsError(t("{folder} already holds a club; choose an empty folder", folder=target))
    target.mkdir(parents=True, exist_ok=True)
    _copy_shell(template, target)
    club = _Club(seed, today)
    roster = [
        "tiers:",
        "  - {id: diamond, name: {zh: 钻石会员, en: Diamond}}",
        "  - {id: platinum, name: {zh: 白金会员, en: Platinum}}",
        "  - {id: gold, name: {zh: 金卡会员, en: Gold}}",
        "  - {id: member, name: {zh: 普通会员, en: Member}}",
        "members:",
    ]
    roster += [club.member(i) for i in range(members)]
    (target / "members.yaml").write_text("\n".join(roster) + "\n", encoding="utf-8")
    folder = target / "events"
    folder.mkdir()
    first = today - timedelta(weeks=events * 3 // 4)
    for index in range(events):
        name, text = club.event(index, first + timedelta(days=index * 7 + index % 3))
        (folder / name).write_text(text, encoding="utf-8")
    posts = target / "content/journal/posts"
    posts.mkdir(parents=True, exist_ok=True)
    for index in range(articles):
        day = today - timedelta(days=(articles - index) * 3)
        name, text = club.article(index, day)
        (posts / name).write_text(text, encoding="utf-8")
