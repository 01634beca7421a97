// Workflow designer: draws the definition (textarea #wf-definition, Orchard-shaped JSON) with
// Drawflow, and writes every change back into that textarea, which is what the form saves.
(function () {
  "use strict";
  var root = document.getElementById("wf-designer");
  if (!root || !window.Drawflow) { return; }

  var definitionBox = document.getElementById("wf-definition");
  var palette = JSON.parse(root.getAttribute("data-palette"));
  var byName = {};
  palette.forEach(function (a) { byName[a.Name] = a; });

  var editor = new window.Drawflow(document.getElementById("wf-canvas"));
  editor.reroute = true;
  editor.start();

  var definition = JSON.parse(definitionBox.value);
  var nodeOf = {}; // activity id -> drawflow node id

  function outcomesOf(name, properties, extra) {
    var outcomes = (properties && Array.isArray(properties.AvailableOutcomes) && properties.AvailableOutcomes.length)
      ? properties.AvailableOutcomes.slice()
      : ((byName[name] && byName[name].Outcomes) || ["Done"]).slice();
    (extra || []).forEach(function (o) { if (outcomes.indexOf(o) < 0) { outcomes.push(o); } });
    return outcomes;
  }

  function html(activity) {
    var outcomes = activity.outcomes.map(function (o) { return "<li>" + escape(o) + "</li>"; }).join("");
    return "<div><strong>" + escape(activity.name) + "</strong>" + (activity.isStart ? " ▶" : "") +
      "<br><small class=\"text-muted\">" + escape(activity.activityId) + "</small><ol class=\"wf-outcomes\">" + outcomes + "</ol></div>";
  }

  function escape(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function addActivity(record, x, y) {
    var used = (definition.Transitions || []).filter(function (t) { return t.SourceActivityId === record.ActivityId; })
      .map(function (t) { return t.SourceOutcomeName; });
    var data = {
      activityId: record.ActivityId,
      name: record.Name,
      isStart: !!record.IsStart,
      properties: record.Properties || {},
      outcomes: outcomesOf(record.Name, record.Properties, used)
    };
    var id = editor.addNode(record.Name, 1, data.outcomes.length, x, y, "wf-node", data, html(data));
    nodeOf[record.ActivityId] = id;
    return id;
  }

  (definition.Activities || []).forEach(function (a, i) {
    addActivity(a, a.X || (40 + (i % 4) * 240), a.Y || (60 + Math.floor(i / 4) * 160));
  });
  (definition.Transitions || []).forEach(function (t) {
    var from = nodeOf[t.SourceActivityId], to = nodeOf[t.DestinationActivityId];
    if (from === undefined || to === undefined) { return; }
    var index = editor.getNodeFromId(from).data.outcomes.indexOf(t.SourceOutcomeName);
    if (index >= 0) { editor.addConnection(from, to, "output_" + (index + 1), "input_1"); }
  });

  // Rebuild Activities and Transitions from the canvas; other fields (name, flags) are kept.
  function sync() {
    var nodes = editor.export().drawflow.Home.data;
    var activities = [], transitions = [];
    Object.keys(nodes).forEach(function (key) {
      var node = nodes[key];
      activities.push({
        ActivityId: node.data.activityId, Name: node.data.name, X: Math.round(node.pos_x), Y: Math.round(node.pos_y),
        IsStart: node.data.isStart, Properties: node.data.properties
      });
      Object.keys(node.outputs).forEach(function (output) {
        var outcome = node.data.outcomes[parseInt(output.replace("output_", ""), 10) - 1];
        node.outputs[output].connections.forEach(function (c) {
          transitions.push({ SourceActivityId: node.data.activityId, SourceOutcomeName: outcome, DestinationActivityId: nodes[c.node].data.activityId });
        });
      });
    });
    definition.Activities = activities;
    definition.Transitions = transitions;
    definition.Name = document.getElementById("wf-name").value;
    definitionBox.value = JSON.stringify(definition, null, 2);
  }

  ["nodeCreated", "nodeRemoved", "nodeMoved", "connectionCreated", "connectionRemoved"].forEach(function (e) { editor.on(e, sync); });
  document.getElementById("wf-name").addEventListener("input", sync);

  // Properties panel for the selected activity.
  var selected = null;
  var panel = document.getElementById("wf-properties");
  editor.on("nodeSelected", function (id) {
    selected = id;
    var data = editor.getNodeFromId(id).data;
    panel.hidden = false;
    document.getElementById("wf-prop-title").textContent = data.name + " (" + data.activityId + ")";
    document.getElementById("wf-prop-start").checked = data.isStart;
    document.getElementById("wf-prop-json").value = JSON.stringify(data.properties, null, 2);
    document.getElementById("wf-prop-error").textContent = "";
  });
  editor.on("nodeUnselected", function () { selected = null; panel.hidden = true; });
  document.getElementById("wf-prop-apply").addEventListener("click", function () {
    if (selected === null) { return; }
    var data = editor.getNodeFromId(selected).data;
    try {
      data.properties = JSON.parse(document.getElementById("wf-prop-json").value || "{}");
    } catch (e) {
      document.getElementById("wf-prop-error").textContent = e.message;
      return;
    }
    data.isStart = document.getElementById("wf-prop-start").checked;
    editor.updateNodeDataFromId(selected, data);
    sync();
  });

  // Drag an activity from the palette onto the canvas.
  document.querySelectorAll("[data-activity]").forEach(function (item) {
    item.addEventListener("dragstart", function (e) { e.dataTransfer.setData("text/plain", item.getAttribute("data-activity")); });
  });
  var canvas = document.getElementById("wf-canvas");
  canvas.addEventListener("dragover", function (e) { e.preventDefault(); });
  canvas.addEventListener("drop", function (e) {
    e.preventDefault();
    var name = e.dataTransfer.getData("text/plain");
    if (!byName[name]) { return; }
    var rect = editor.precanvas.getBoundingClientRect();
    var x = (e.clientX - rect.x) / editor.zoom, y = (e.clientY - rect.y) / editor.zoom;
    var n = 1;
    while (nodeOf[name.charAt(0).toLowerCase() + name.slice(1) + n]) { n++; }
    var activityId = name.charAt(0).toLowerCase() + name.slice(1) + n;
    addActivity({ ActivityId: activityId, Name: name, IsStart: byName[name].IsEvent && !(definition.Activities || []).length, Properties: {} }, x, y);
    sync();
  });
})();
