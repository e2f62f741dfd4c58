// SPDX-License-Identifier: MIT
/*
 * The benchmark's floor: a program that does nothing, built exactly as
 * xenmin is (same compiler, libc, compile and link options, from the same
 * CMake build), so its run time is what any command costs before it does
 * anything: fork, exec, the loader's page faults and exit. bench/run.sh
 * reports every xenmin command as a ratio to it.
 */
int main(void)
{
	return 0;
}
