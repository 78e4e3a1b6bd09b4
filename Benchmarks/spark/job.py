"""unspin restore --jsonl as a Spark job: spark-submit ... job.py INPUT OUTPUT (see README.md).

The binary and its data come with the job: --files .../unspin --archives unspin-data.tgz#Dictionaries.
"""
import sys
from pyspark import SparkContext, SparkFiles

sc = SparkContext(appName="unspin-restore")
# Where --files and --archives land for the tasks: their working directory on a cluster, the
# driver's SparkFiles folder in local mode.
root = SparkFiles.getRootDirectory() if sc.master.startswith("local") else "."
command = f"env UNSPIN_DATA={root}/Dictionaries {root}/unspin restore --jsonl -j 1"
sc.textFile(sys.argv[1]).pipe(command, checkCode=True).saveAsTextFile(sys.argv[2])
