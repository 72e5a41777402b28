#!/usr/bin/env python3
"""An account of a given size, and what listing it costs.

  account_size.py populate N     users bench-user-NNNNN, customer managed policies
                                 bench-policy-NNNNN and repositories bench-repo-NNNNN up to N
                                 of each (those already there are skipped), 16 threads; a kind
                                 stops at the account's quota, as in AWS (5,000 users, 1,500
                                 customer managed policies); prints the counts reached and the
                                 middle user and repository
  account_size.py page           pages through ListUsers, ListPolicies (Scope=Local) and
                                 ListRepositories to the end; prints one JSON line each:
                                 items, pages, total seconds, p50 and p99 ms per page

The endpoint, region and CA come from AWS_ENDPOINT_URL, AWS_DEFAULT_REGION and
AWS_CA_BUNDLE, the credentials from the usual AWS_* variables (the root's access key).
"""
import json
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config

CONFIG = Config(retries={"mode": "standard", "max_attempts": 10}, max_pool_connections=32)
POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "codecommit:GitPull", "Resource": "*"}]})
_local = threading.local()


def client(service):
    clients = getattr(_local, "clients", None)
    if clients is None:
        clients = _local.clients = {}
    if service not in clients:
        clients[service] = boto3.session.Session().client(service, config=CONFIG)
    return clients[service]


_at_quota = set()


def create(i):
    name = f"{i:05d}"
    for kind, call in (("users", lambda: client("iam").create_user(UserName=f"bench-user-{name}")),
                       ("policies", lambda: client("iam").create_policy(PolicyName=f"bench-policy-{name}", PolicyDocument=POLICY)),
                       ("repositories", lambda: client("codecommit").create_repository(repositoryName=f"bench-repo-{name}"))):
        if kind in _at_quota:
            continue
        try:
            call()
        except client("iam").exceptions.EntityAlreadyExistsException:
            pass
        except client("codecommit").exceptions.RepositoryNameExistsException:
            pass
        except (client("iam").exceptions.LimitExceededException,
                client("codecommit").exceptions.RepositoryLimitExceededException):
            _at_quota.add(kind)


def names(kind):
    if kind == "users":
        return [u["UserName"] for page in client("iam").get_paginator("list_users").paginate()
                for u in page["Users"] if u["UserName"].startswith("bench-user-")]
    if kind == "policies":
        return [p["PolicyName"] for page in client("iam").get_paginator("list_policies").paginate(Scope="Local")
                for p in page["Policies"] if p["PolicyName"].startswith("bench-policy-")]
    return [r["repositoryName"] for page in client("codecommit").get_paginator("list_repositories").paginate()
            for r in page["repositories"] if r["repositoryName"].startswith("bench-repo-")]


def populate(n):
    have = min(len(names(kind)) for kind in ("users", "policies", "repositories"))
    started = time.monotonic()
    with ThreadPoolExecutor(16) as pool:
        list(pool.map(create, range(have + 1, n + 1)))
    seconds = round(time.monotonic() - started, 1)
    counts = {kind: sorted(names(kind)) for kind in ("users", "policies", "repositories")}
    print(json.dumps({"populated": n, "seconds": seconds,
                      **{kind: len(found) for kind, found in counts.items()},
                      "middle_user": counts["users"][(len(counts["users"]) - 1) // 2],
                      "middle_repository": counts["repositories"][(len(counts["repositories"]) - 1) // 2]}))


def page_through(name, fetch, items_of, token_in, token_out):
    latencies, items, token = [], 0, None
    started = time.monotonic()
    while True:
        t0 = time.monotonic()
        answer = fetch(**({token_in: token} if token else {}))
        latencies.append((time.monotonic() - t0) * 1000)
        items += len(items_of(answer))
        token = answer.get(token_out)
        if not token or (token_out == "Marker" and not answer.get("IsTruncated")):
            break
    latencies.sort()
    print(json.dumps({"list": name, "items": items, "pages": len(latencies),
                      "seconds": round(time.monotonic() - started, 3),
                      "p50_ms": round(statistics.median(latencies), 2),
                      "p99_ms": round(latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))], 2)}))


def page():
    iam, codecommit = client("iam"), client("codecommit")
    page_through("ListUsers", iam.list_users, lambda a: a["Users"], "Marker", "Marker")
    page_through("ListPolicies", lambda **k: iam.list_policies(Scope="Local", **k), lambda a: a["Policies"], "Marker", "Marker")
    page_through("ListRepositories", codecommit.list_repositories, lambda a: a["repositories"], "nextToken", "nextToken")


if __name__ == "__main__":
    if sys.argv[1:2] == ["populate"]:
        populate(int(sys.argv[2]))
    elif sys.argv[1:2] == ["page"]:
        page()
    else:
        sys.exit(__doc__)
