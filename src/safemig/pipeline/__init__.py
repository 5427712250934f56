"""The one-command pipeline: ``safemig run`` takes a project from its exports to published,
disclosure-controlled results (see ``docs/project.md``).

>>> from safemig.pipeline import STAGES
>>> list(STAGES)
['ingest', 'checks', 'cleaning', 'weights', 'estimation', 'disclosure', 'results', 'products']
"""

from safemig.pipeline.run import STAGES, RunSummary, run_project
from safemig.pipeline.weights_stage import weights_stage

__all__ = ["STAGES", "RunSummary", "run_project", "weights_stage"]
