-- Argo CD health check for taskoverflow.io/TaskOverflow: the value of
-- resource.customizations.health.taskoverflow.io_TaskOverflow in argocd-cm (see the chart's README).
-- It reads the conditions the operator writes for kstatus: Stalled=True is Degraded (only a change
-- by the user helps), Ready=True on the current generation is Healthy, anything else Progressing.
local hs = {}
local function condition(conditions, type)
  if conditions == nil then
    return nil
  end
  for _, c in ipairs(conditions) do
    if c.type == type then
      return c
    end
  end
  return nil
end
local function said(c)
  if c.message ~= nil and c.message ~= "" then
    return c.reason .. ": " .. c.message
  end
  return c.reason
end

local status = obj.status
if status == nil or status.conditions == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to report on the TaskOverflow"
  return hs
end
local stalled = condition(status.conditions, "Stalled")
if stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = said(stalled)
  return hs
end
if status.observedGeneration == nil or obj.metadata.generation == nil
    or status.observedGeneration < obj.metadata.generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe the latest spec"
  return hs
end
local ready = condition(status.conditions, "Ready")
if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = ready.message
  return hs
end
-- Statuses written before Stalled existed: phase Failed meant the same.
if stalled == nil and status.phase == "Failed" and ready ~= nil then
  hs.status = "Degraded"
  hs.message = said(ready)
  return hs
end
local reconciling = condition(status.conditions, "Reconciling")
hs.status = "Progressing"
if reconciling ~= nil and reconciling.status == "True" then
  hs.message = said(reconciling)
elseif ready ~= nil then
  hs.message = said(ready)
else
  hs.message = "Waiting for the TaskOverflow to become ready"
end
return hs
