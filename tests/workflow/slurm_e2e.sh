# The workflow on a real Slurm cluster (Snakemake's own --slurm): a one-node
# cluster of Debian's slurm-wlm and munge started here on localhost (its own
# key, socket, ports, state, spool and logs in $LW_TMP; nothing installed),
# the small config run once locally and once through sbatch, every output
# (and manifest and the summary) the same bytes. The daemons are stopped on
# every exit. Skipped (exit 77, with the reason) only when they cannot start.
# Also the regression rule, on the local run (before the cluster starts).
set -euo pipefail
source "$LW_SOURCE_DIR/tests/workflow/lib.sh"
source "$LW_SOURCE_DIR/tests/workflow/slurm_cluster.sh"
command -v snakemake >/dev/null || fail "snakemake is not installed (tools/install-deps.sh installs it)"
export USER=${USER:-$(id -un)}   # Snakemake's Slurm executor reads it
trap 'lw_slurm_stop; rm -rf "$LW_TMP"' EXIT

wf_config "$LW_TMP/small.yaml"
snake=(snakemake -s "$LW_SOURCE_DIR/workflow/Snakefile" --configfile "$LW_TMP/small.yaml")

mkdir local slurm
(cd local && timeout 300 "${snake[@]}" -j2 -q >../local.log 2>&1) || { tail -40 local.log; fail "local run failed"; }
[ "$(($(wc -l <local/out/summary.csv) - 1))" = "$WF_OUTPUTS" ] || fail "local run: $(wc -l <local/out/summary.csv) summary lines, want $WF_OUTPUTS outputs"

# The regression rule (the workflow's last): against a copy of these results
# it passes; against a reference with a changed file it fails the run and
# leaves a JUnit report and a difference plot naming that file.
cp -a local reg
cp -r local/out/results reference
(cd reg && timeout 120 "${snake[@]}" -j2 -q --config reference="$LW_TMP/reference" >../reg.log 2>&1) \
  || { tail -30 reg.log; fail "the regression rule failed against identical references"; }
grep -q '"ok": true' reg/out/regression/diff.json || fail "regression diff.json: $(head -c 300 reg/out/regression/diff.json)"
grep -q 'failures="0" errors="0"' reg/out/regression/junit.xml || fail "regression JUnit reports failures"
sed -i 's/"mean": \([0-9]\)/"mean": 1\1/' reference/features/low_slow.stats.json
status=0
(cd reg && timeout 120 "${snake[@]}" -j2 -q --config reference="$LW_TMP/reference" --forcerun regression \
  >../reg2.log 2>&1) || status=$?
[ "$status" != 0 ] || fail "the regression rule passed against a changed reference"
grep -q 'name="features/low_slow.stats.json">' reg/out/regression/junit.xml || fail "JUnit does not name the changed file"
[ -s reg/out/regression/report/features/low_slow.stats.json.svg ] || fail "no difference plot for the changed file"
[ ! -e reg/out/regression/diff.json ] || fail "diff.json of a failed check was kept"
rm -rf reg reference

# 4 CPUs on 2 cores: the short jobs mostly wait on Snakemake's start-up.
if ! LW_SLURM_CPUS=4 lw_slurm_start "$LW_TMP/cluster"; then
  echo "SKIP: the one-node Slurm cluster cannot start here: $LW_SLURM_WHY"
  exit 77
fi
echo "slurm: one node up (SLURM_CONF=$SLURM_CONF)"
start=$(date +%s)
(cd slurm && timeout 480 "${snake[@]}" --profile "$LW_SOURCE_DIR/workflow/profiles/slurm" --jobs 6 --latency-wait 5 \
  >../slurm.log 2>&1) || { tail -60 slurm.log; tail -20 "$LW_TMP/cluster/log/slurmctld.log"; fail "Slurm run failed"; }
echo "slurm: the workflow took $(($(date +%s) - start)) s"

# Every job but the local target `all` went through sbatch.
submitted=$(grep -c 'has been submitted with SLURM jobid' slurm.log || true)
jobs=$(awk '$1 == "total" {print $2; exit}' slurm.log)
[ -n "$jobs" ] && [ "$submitted" = $((jobs - 1)) ] || fail "$submitted jobs went to Slurm, want $((jobs - 1)) of $jobs"
# Renders: one job per model x mapping (2 here), each rendering both walks.
[ "$(awk '$1 == "render" {print $2; exit}' slurm.log)" = 2 ] || fail "want 2 render jobs (one per model x mapping): $(grep -m1 '^render ' slurm.log)"
# The rule's resources reached Slurm: rhythm_train asks for 2 CPUs and 600 MB.
rid=$(sed -n 's/.*submitted with SLURM jobid \([0-9]*\) (log: .*rule_rhythm_train.*/\1/p' slurm.log | head -1)
[ -n "$rid" ] || fail "no rhythm_train job in the Slurm log"
info=$(scontrol show job "$rid")
echo "$info" | grep -q 'JobState=COMPLETED' || fail "rhythm_train job $rid: $(echo "$info" | grep -o 'JobState=[A-Z]*')"
echo "$info" | grep -q 'NumCPUs=2' || fail "rhythm_train job $rid did not get 2 CPUs: $(echo "$info" | grep -o 'NumCPUs=[0-9]*')"
echo "$info" | grep -Eq 'mem=600M|MinMemoryNode=600M' || fail "rhythm_train job $rid did not ask for 600 MB: $(echo "$info" | grep -Eo 'mem=[^,]*|MinMemoryNode=[^ ]*')"

# Same bytes: every file under out/ (results, manifests, summary).
(cd local/out && find . -type f | sort) >local.files
(cd slurm/out && find . -type f | sort) >slurm.files
cmp -s local.files slurm.files || { diff local.files slurm.files; fail "the Slurm run wrote other files than the local run"; }
n=0
while read -r f; do
  cmp -s "local/out/$f" "slurm/out/$f" || fail "$f differs between the local and the Slurm run"
  n=$((n + 1))
done <local.files
[ "$n" -ge "$((2 * WF_OUTPUTS))" ] || fail "only $n files compared"
echo "slurm: $n files identical to the local run's"
