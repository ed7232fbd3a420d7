import os
import sys

# The job's modules live beside the job script, as Glue ships them (--extra-py-files).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'assets', 'glue'))
