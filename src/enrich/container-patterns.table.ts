// cgroup path patterns of container runtimes (hand-kept, from each runtime's
// documented cgroup layout under both the cgroupfs and the systemd drivers).
// Tried in order on every line of /proc/PID/cgroup; the first match wins.
// `id` is the named group; kubepods paths also give the pod's uid. Conmon and
// monitor processes (the runtime's own helpers) are not containers.
export type ContainerRuntime = 'docker' | 'containerd' | 'cri-o' | 'podman' | 'systemd-nspawn' | 'lxc' | 'kubernetes';

export interface ContainerPattern {
  readonly runtime: ContainerRuntime;
  readonly re: RegExp;
}

const HEX64 = '[0-9a-f]{64}';

export const CONTAINER_PATTERNS: readonly ContainerPattern[] = [
  // Kubernetes first: the runtime's own scope sits inside a kubepods slice.
  { runtime: 'kubernetes', re: new RegExp(`kubepods[^/]*(?:/[^/]*)*?/pod(?<pod>[0-9a-f-]{36})/(?<id>${HEX64})(?:/|$)`) },
  { runtime: 'kubernetes', re: new RegExp(`kubepods[^/]*-pod(?<pod>[0-9a-f_]{36})\\.slice/(?:cri-containerd|crio|docker)-(?<id>${HEX64})\\.scope`) },
  { runtime: 'docker', re: new RegExp(`/docker/(?<id>${HEX64})(?:/|$)`) },
  { runtime: 'docker', re: new RegExp(`/docker-(?<id>${HEX64})\\.scope(?:/|$)`) },
  { runtime: 'containerd', re: new RegExp(`/cri-containerd-(?<id>${HEX64})\\.scope(?:/|$)`) },
  { runtime: 'cri-o', re: new RegExp(`/crio-(?<id>${HEX64})\\.scope(?:/|$)`) },
  { runtime: 'podman', re: new RegExp(`/libpod-(?<id>${HEX64})\\.scope(?:/|$)`) },
  { runtime: 'podman', re: new RegExp(`/libpod_parent/libpod-(?<id>${HEX64})(?:/|$)`) },
  { runtime: 'systemd-nspawn', re: /\/machine\.slice\/machine-(?<id>[^/]+)\.scope(?:\/|$)/ },
  { runtime: 'lxc', re: /\/lxc\.payload\.(?<id>[^/]+)(?:\/|$)/ },
  { runtime: 'lxc', re: /\/lxc\/(?<id>[^/]+)(?:\/|$)/ },
];
