#!/usr/bin/env python3
"""Writes a seeded CSV of N Douyin-like units (for benchmarks): make-units.py N OUT.csv"""
import csv
import random
import sys

rows, path = int(sys.argv[1]), sys.argv[2]
rng = random.Random(7)
accounts = ["深圳新闻网", "第一现场", "深圳卫视", "深圳交警", "深圳公安", "爱游深圳", "cq_walker", "hotpot_lily"]
with open(path, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["aweme_id", "nickname", "desc", "create_time", "duration_ms", "digg_count",
                "comment_count", "share_count", "collect_count", "share_url", "city_gdp"])
    for i in range(rows):
        likes = int(10 ** rng.uniform(2, 7))
        w.writerow([f"7{i:018d}", rng.choice(accounts), f"重庆洪崖洞夜景太美了 #{i} 山城 8D魔幻城市",
                    rng.randint(1483228800, 1698710400), rng.randint(4000, 640000), likes,
                    likes // rng.randint(5, 50), likes // rng.randint(10, 100),
                    f"{likes / 10000:.1f}万" if likes > 10000 else likes // 3,
                    f"https://www.douyin.com/video/7{i:018d}", round(rng.uniform(1, 4), 2)])
