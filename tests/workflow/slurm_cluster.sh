# A one-node Slurm cluster on localhost, for tests: munged, slurmctld and
# slurmd of Debian's slurm-wlm and munge, with every file (key, socket,
# configuration, state, spool, logs, pid files) in one temporary directory
# and ports picked free, so that it touches nothing of the system's own
# Slurm or munge and can run beside other tests. Source this file, then:
#   lw_slurm_start DIR   -> 0 when the cluster answers (exports SLURM_CONF),
#                           1 with the reason in LW_SLURM_WHY when it cannot start
#   lw_slurm_stop        -> stops the daemons (idempotent; call it from a trap)
# LW_SLURM_CPUS: CPUs the node offers (default: nproc). More than the cores
# lets short jobs, which mostly wait on start-up, overlap (the node is then
# configured with SlurmdParameters=config_overrides).

LW_SLURM_PIDS=()

lw_slurm_free_port() {
  # A port nobody listens on (bound to 127.0.0.1 by a short-lived socket).
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

lw_slurm_why() { LW_SLURM_WHY="$1"; return 1; }

lw_slurm_start() {
  local d="$1"
  LW_SLURM_DIR="$d"
  for prog in munged slurmctld slurmd sbatch scontrol sinfo; do
    command -v "$prog" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin" command -v "$prog" >/dev/null 2>&1 \
      || lw_slurm_why "$prog is not installed (tools/install-deps.sh installs slurm-wlm and munge)" || return 1
  done
  [ "$(id -u)" = 0 ] || { lw_slurm_why "slurmd must run as root to start job steps (running as uid $(id -u))"; return 1; }
  mkdir -p "$d"/munge "$d"/state "$d"/spool "$d"/log "$d"/run
  chmod 700 "$d" "$d"/munge
  head -c 1024 /dev/urandom > "$d/munge/munge.key" && chmod 400 "$d/munge/munge.key"
  local sock="$d/munge/munge.socket"
  /usr/sbin/munged --force --socket="$sock" --key-file="$d/munge/munge.key" \
    --log-file="$d/log/munged.log" --pid-file="$d/run/munged.pid" --seed-file="$d/munge/seed" \
    > "$d/log/munged.out" 2>&1 \
    || { lw_slurm_why "munged did not start: $(tail -n 3 "$d/log/munged.out" "$d/log/munged.log" 2>/dev/null | tr '\n' ' ')"; return 1; }
  LW_SLURM_PIDS+=("$(cat "$d/run/munged.pid")")

  local cport dport host cpus mem
  cport=$(lw_slurm_free_port); dport=$(lw_slurm_free_port)
  while [ "$dport" = "$cport" ]; do dport=$(lw_slurm_free_port); done
  host=$(hostname -s)
  cpus=${LW_SLURM_CPUS:-$(nproc)}
  # Memory the node offers: what is available now, in MB, less a margin.
  mem=$(awk '/MemAvailable/ {printf "%d", $2 / 1024 * 0.8}' /proc/meminfo)
  cat > "$d/slurm.conf" <<CONF
ClusterName=lwtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$cport
SlurmdPort=$dport
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$sock
CredType=cred/munge
StateSaveLocation=$d/state
SlurmdSpoolDir=$d/spool/slurmd-%n
SlurmctldPidFile=$d/run/slurmctld.pid
SlurmdPidFile=$d/run/slurmd-%n.pid
SlurmctldLogFile=$d/log/slurmctld.log
SlurmdLogFile=$d/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
LaunchParameters=use_interactive_step
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
MinJobAge=600
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
KillWait=5
PlugStackConfig=$d/plugstack.conf
SlurmdParameters=config_overrides
NodeName=lwnode NodeAddr=127.0.0.1 NodeHostname=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=lwtest Nodes=lwnode Default=YES MaxTime=30 State=UP
CONF
  : > "$d/plugstack.conf"
  export SLURM_CONF="$d/slurm.conf"
  /usr/sbin/slurmctld -f "$d/slurm.conf" -i > "$d/log/slurmctld.out" 2>&1 \
    || { lw_slurm_why "slurmctld did not start: $(tail -n 3 "$d/log/slurmctld.out" "$d/log/slurmctld.log" 2>/dev/null | tr '\n' ' ')"; return 1; }
  local i
  for i in $(seq 1 50); do [ -s "$d/run/slurmctld.pid" ] && break; sleep 0.2; done
  [ -s "$d/run/slurmctld.pid" ] && LW_SLURM_PIDS+=("$(cat "$d/run/slurmctld.pid")")
  /usr/sbin/slurmd -f "$d/slurm.conf" -N lwnode > "$d/log/slurmd.out" 2>&1 \
    || { lw_slurm_why "slurmd did not start: $(tail -n 3 "$d/log/slurmd.out" "$d/log/slurmd.log" 2>/dev/null | tr '\n' ' ')"; return 1; }
  for i in $(seq 1 50); do [ -s "$d/run/slurmd-lwnode.pid" ] && break; sleep 0.2; done
  [ -s "$d/run/slurmd-lwnode.pid" ] && LW_SLURM_PIDS+=("$(cat "$d/run/slurmd-lwnode.pid")")
  # Wait (bounded) for the node to be idle.
  for i in $(seq 1 60); do
    if sinfo -h -N -o '%t' 2>/dev/null | grep -qx 'idle'; then return 0; fi
    sleep 0.5
  done
  lw_slurm_why "the node did not become idle within 30 s: $(sinfo -h -N -o '%t %E' 2>&1 | head -1); slurmd log: $(tail -n 3 "$d/log/slurmd.log" 2>/dev/null | tr '\n' ' ')"
  return 1
}

lw_slurm_stop() {
  local p i
  # Jobs first (so that slurmd has nothing left to wait for), then the daemons.
  [ -n "${SLURM_CONF:-}" ] && timeout 10 scancel --quiet --partition=lwtest >/dev/null 2>&1 || true
  for p in "${LW_SLURM_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for i in $(seq 1 50); do
    local alive=0
    for p in "${LW_SLURM_PIDS[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.2
  done
  for p in "${LW_SLURM_PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  LW_SLURM_PIDS=()
}
