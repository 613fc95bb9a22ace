#!/bin/bash -l
# A Slurm batch job running an mpi4js program on 4 ranks:
#   sbatch examples/slurm-job.sh app.mjs [args...]
#   MPI_MODULE=MPICH sbatch examples/slurm-job.sh app.mjs      (default module: OpenMPI)
# `#!/bin/bash -l` gives the job a login shell, so `module` works even with --export=NONE.
# mpi4js must have been installed (or `npm rebuild mpi4js`-ed) with the same module loaded.
#SBATCH --job-name=mpi4js
#SBATCH --ntasks=4
#SBATCH --time=00:05:00
#SBATCH --output=mpi4js-%j.out

module load "${MPI_MODULE:-OpenMPI}"
echo "job $SLURM_JOB_ID: $SLURM_NTASKS tasks on $SLURM_JOB_NODELIST, $(command -v mpirun)"

# mpirun reads the allocation from Slurm. Equivalent direct launch without mpirun:
#   Open MPI: srun --mpi=pmix node app.mjs      MPICH: srun --mpi=pmi2 node app.mjs
#   or simply: npx mpi4js run -n "$SLURM_NTASKS" app.mjs   (picks srun and the right --mpi=)
mpirun -n "$SLURM_NTASKS" node "${1:-app.mjs}" "${@:2}"
