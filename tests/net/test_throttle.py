"""The host map (real origin -> serving origin) and the per-host delay, on a fake clock."""

from __future__ import annotations

from sftmine.net.config import NetConfig
from sftmine.net.throttle import HostMap, Throttle, host_key


def test_host_map_rewrites_and_maps_back():
    hosts = HostMap({"https://codeforces.com": "http://127.0.0.1:8123/cf/"})
    assert hosts.served("https://codeforces.com/api/contest.list?gym=false") == \
        "http://127.0.0.1:8123/cf/api/contest.list?gym=false"
    assert hosts.served("https://atcoder.jp/contests") == "https://atcoder.jp/contests"
    assert hosts.real_host_of("http://127.0.0.1:8123/cf/api/contest.list") == "codeforces.com"
    assert hosts.real_host_of("http://127.0.0.1:8123/other/page") == "127.0.0.1:8123"
    assert hosts.real_host_of("https://atcoder.jp/x") == "atcoder.jp"
    assert host_key("http", "LOCALHOST", 80) == "localhost" and host_key("https", "a", 8443) == "a:8443"


class FakeClock:
    def __init__(self) -> None:
        self.now, self.slept = 100.0, []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.now += seconds


def test_one_server_can_stand_in_for_several_sites():
    hosts = HostMap({"https://codeforces.com": "http://localhost:9000/cf",
                     "https://leetcode.com": "http://localhost:9000/lc"})
    assert hosts.served("https://leetcode.com/graphql") == "http://localhost:9000/lc/graphql"
    assert hosts.real_host_of("http://localhost:9000/lc/graphql") == "leetcode.com"
    assert hosts.real_host_of("http://localhost:9000/cf?x=1") == "codeforces.com"
    assert hosts.real_host_of("http://localhost:9000/cfx") == "localhost:9000"


def test_throttle_spaces_requests_per_host():
    clock = FakeClock()
    throttle = Throttle(NetConfig().delay_for, clock=clock, sleep=clock.sleep)
    throttle.wait("codeforces.com")
    throttle.wait("atcoder.jp")  # another host: no wait
    clock.now += 0.5
    throttle.wait("codeforces.com")  # 2 s per Codeforces call, 0.5 s already passed
    throttle.wait("unknown.example")
    throttle.wait("unknown.example")  # the default delay
    assert clock.slept == [1.5, 1.0]


def test_the_delay_counts_from_the_end_of_the_last_request():
    clock = FakeClock()
    throttle = Throttle(NetConfig().delay_for, clock=clock, sleep=clock.sleep)
    throttle.wait("codeforces.com")
    clock.now += 5.0  # a slow answer
    throttle.done("codeforces.com")
    throttle.wait("codeforces.com")
    assert clock.slept == [2.0]


def test_crawl_delay_only_raises():
    throttle = Throttle(NetConfig().delay_for)
    throttle.raise_delay("atcoder.jp", 0.5)
    assert throttle.delay("atcoder.jp") == 1.5
    throttle.raise_delay("atcoder.jp", 5)
    assert throttle.delay("atcoder.jp") == 5
