import { defineStore } from 'pinia'
import { computed, markRaw, ref, shallowRef } from 'vue'
import type { PushPayload, Result } from '@shared/api/contract'
import type { DeskSnapshot } from '@shared/domain/desk-snapshot'
import type { FeedStatus } from '@shared/domain/feed'
import type { PositionRow } from '@shared/domain/position-row'
import type { RiskFrame } from '@shared/domain/risk-frame'
import type { Limits } from '@shared/domain/limits'
import { createCoalescer } from '../util/coalescer'
import { useAlertsStore } from './alerts'
import { useActionsStore } from './actions'
import { useConnectionStore } from './connection'
import { useControlsStore } from './controls'

/** 50 ms between repaints = at most 20 frame updates per second reach the components. */
export const FRAME_FLUSH_INTERVAL_MS = 50

/**
 * Frame history, deliberately outside Vue reactivity (markRaw): a long replay holds thousands of frames and the charts
 * read it incrementally. `epoch` changes whenever the history is replaced (snapshot, reset, book change); consumers
 * that see a new epoch rebuild from scratch, otherwise they append `frames[cursor..]`. Watch `framesVersion` to be told.
 */
export interface FrameHistory {
  epoch: number
  readonly frames: RiskFrame[]
}

/**
 * Desk state: book, limits, feed status, the frame history (charts), the latest frame (headline figures) and the
 * position rows. Frame pushes are buffered and applied at most every FRAME_FLUSH_INTERVAL_MS; frames whose `seq` is
 * not above the last applied one are dropped (a snapshot and pushes can overlap around a (re)connect).
 */
export const useDeskStore = defineStore('desk', () => {
  const loaded = ref(false)
  const book = ref('')
  const user = ref('')
  const limits = shallowRef<Limits | null>(null)
  const feed = shallowRef<FeedStatus | null>(null)
  const positions = shallowRef<readonly PositionRow[]>([])
  const excluded = shallowRef<readonly { symbol: string; reason: string }[]>([])
  /** the replay holds at a proposal until a decision (desk setting; off with --no-hold) */
  const hold = ref(false)
  const latestFrame = shallowRef<RiskFrame | null>(null)
  const framesVersion = ref(0)
  /** history.frames.length, as a ref (the history itself is not reactive) */
  const frameCount = ref(0)
  const flushCount = ref(0)
  const history: FrameHistory = markRaw({ epoch: 0, frames: [] as RiskFrame[] })

  /** frames received but not yet applied, oldest first */
  let pendingFrames: RiskFrame[] = []
  /** position rows of the newest received push, applied with the next flush */
  let pendingPositions: readonly PositionRow[] | null = null
  let lastSeq = Number.NEGATIVE_INFINITY

  const coalescer = createCoalescer(flushFrames, FRAME_FLUSH_INTERVAL_MS)

  /** Moves buffered frames into the history; one reactive update for the whole batch. */
  function flushFrames(): void {
    coalescer.cancel()
    if (pendingFrames.length === 0 && pendingPositions === null) return
    const frames = pendingFrames
    const rows = pendingPositions
    pendingFrames = []
    pendingPositions = null
    let newest: RiskFrame | null = null
    for (const frame of frames) {
      if (frame.seq <= lastSeq) continue
      history.frames.push(frame)
      lastSeq = frame.seq
      newest = frame
    }
    if (newest === null) return // everything was already covered by a snapshot, positions included
    latestFrame.value = newest
    // the feed's market date moves with every frame; the host pushes feed:status only when health changes
    if (feed.value !== null && (feed.value.date === null || newest.date > feed.value.date)) feed.value = { ...feed.value, date: newest.date }
    if (rows !== null) positions.value = rows
    frameCount.value = history.frames.length
    framesVersion.value++
    flushCount.value++
  }

  /**
   * Buffers a `desk:frame` push: the frames the host coalesced since its previous push (`earlier`, oldest first)
   * and then `frame`, so the charts get every point. The UI sees them on the next flush.
   */
  function enqueueFrame(payload: PushPayload<'desk:frame'>): void {
    for (const frame of payload.earlier) pendingFrames.push(frame)
    pendingFrames.push(payload.frame)
    pendingPositions = payload.positions
    coalescer.schedule()
  }

  /** Applies a `feed:status` push or a feed:* response. */
  function applyFeedStatus(status: FeedStatus): void {
    feed.value = status
  }

  function applyLimits(next: Limits): void {
    limits.value = next
  }

  /**
   * Replaces the whole desk (and the alerts, actions and controls stores) with a snapshot.
   * @param options.discardPending - true for `desk:reset` (a new session whose seq may restart: buffered frames
   *   belong to the old one); false for a fetched snapshot, where buffered frames newer than the snapshot are kept.
   */
  function applySnapshot(snapshot: DeskSnapshot, options: { discardPending: boolean }): void {
    if (options.discardPending) {
      pendingFrames = []
      pendingPositions = null
      coalescer.cancel()
    }
    book.value = snapshot.book
    user.value = snapshot.user
    limits.value = snapshot.limits
    feed.value = snapshot.feed
    excluded.value = snapshot.excluded
    positions.value = snapshot.positions
    history.frames.length = 0
    for (const frame of snapshot.frames) history.frames.push(frame)
    history.epoch++
    const last = snapshot.frames.at(-1) ?? null
    latestFrame.value = last
    lastSeq = last ? last.seq : Number.NEGATIVE_INFINITY
    frameCount.value = history.frames.length
    framesVersion.value++
    loaded.value = true
    useAlertsStore().replaceAll(snapshot.alerts)
    useActionsStore().replaceAll(snapshot.actions)
    useControlsStore().apply(snapshot.controls)
    hold.value = snapshot.hold
    if (pendingFrames.length > 0) coalescer.schedule()
  }

  /** Fetches `desk:snapshot` and applies it. Resolves to the call's Result (errors are also noted for the status line). */
  async function loadSnapshot(): Promise<Result<DeskSnapshot>> {
    const connection = useConnectionStore()
    const result = connection.noteResult('load desk', await connection.requireApi().deskSnapshot({}))
    if (result.ok) applySnapshot(result.value, { discardPending: false })
    return result
  }

  /** 'holding' (a replay held at a proposal) is not playing: Play continues it once the proposal is decided */
  const playing = computed(() => feed.value?.health === 'active' || feed.value?.health === 'stale' || feed.value?.health === 'degraded')

  async function setPlaying(play: boolean): Promise<Result<FeedStatus>> {
    const connection = useConnectionStore()
    const api = connection.requireApi()
    const result = connection.noteResult(play ? 'play' : 'pause', play ? await api.feedPlay({}) : await api.feedPause({}))
    if (result.ok) applyFeedStatus(result.value)
    return result
  }

  /** Plays until the first market day on or after `date`, where the host pauses the replay. */
  async function runTo(date: string): Promise<Result<FeedStatus>> {
    const connection = useConnectionStore()
    const result = connection.noteResult('run to date', await connection.requireApi().feedRunTo({ date }))
    if (result.ok) applyFeedStatus(result.value)
    return result
  }

  /** Starts the replay over from its first date on the book as opened (the host answers with the new desk). */
  async function restart(): Promise<Result<DeskSnapshot>> {
    const connection = useConnectionStore()
    const result = connection.noteResult('restart the replay', await connection.requireApi().feedRestart({}))
    if (result.ok) applySnapshot(result.value, { discardPending: true })
    return result
  }

  async function setSpeed(speed: FeedStatus['speed']): Promise<Result<FeedStatus>> {
    const connection = useConnectionStore()
    const result = connection.noteResult('speed', await connection.requireApi().feedSpeed({ speed }))
    if (result.ok) applyFeedStatus(result.value)
    return result
  }

  return {
    loaded,
    book,
    user,
    limits,
    feed,
    runTo,
    restart,
    positions,
    excluded,
    hold,
    latestFrame,
    framesVersion,
    frameCount,
    flushCount,
    history,
    playing,
    enqueueFrame,
    flushFrames,
    applyFeedStatus,
    applyLimits,
    applySnapshot,
    loadSnapshot,
    setPlaying,
    setSpeed,
  }
})
