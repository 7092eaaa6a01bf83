from sftmine.net import Client, NetConfig
from sftmine.records import ProblemRef
from sftmine.scrape.stage import FetchSettings, FetchStage
from sftmine.sites import get_site
from sftmine.stages import Drop, Keep, run_stage, scratch
from sftmine.store.jsonl import read_jsonl
from tests.sites.fixture_server import RECORDED


def test_the_fetch_stage_parses_what_it_can_and_keeps_why_the_rest_failed(tmp_path):
    site = get_site("codechef")
    with Client(NetConfig(mode="replay", recordings=RECORDED / "codechef")) as client:
        urls = list(site.problem_urls(client)) + ["https://www.codechef.com/problems/NOTRECORDED"]
        refs = [ProblemRef("codechef", url) for url in urls]
        with scratch("fetch") as files:
            result = run_stage(FetchStage, FetchSettings("codechef"), refs, files,
                               {"site": site, "client": client, "shard": tmp_path / "shard.jsonl"}, progress=False)
    assert result.funnel.seen == len(urls) and dict(result.funnel.dropped) == {"parse_error": 1, "not_recorded": 1}
    kept = [o.record for o in result.outcomes if isinstance(o, Keep)]
    assert [r["problem_id"] for r in read_jsonl(tmp_path / "shard.jsonl")] == [r.problem_id for r in kept]
    assert all(r.fetched_at for r in kept)  # the reply's time, where the page gives none
    failed = [o for o in result.outcomes if isinstance(o, Drop)]
    assert [o.record.url for o in failed][-1] == urls[-1]
    assert all(o.record.error and o.record.site == "codechef" for o in failed)
